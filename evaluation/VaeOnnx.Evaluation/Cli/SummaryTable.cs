using System.Globalization;
using Spectre.Console;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>The table <c>vae-evaluate</c> closes with: the key numbers of the run.</summary>
public static class SummaryTable
{
    /// <summary>Writes the table for <paramref name="r"/> to <paramref name="output"/> (colours only on a terminal).</summary>
    public static void Write(EvaluationResult r, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]VAE evaluation[/] ({Markup.Escape(r.Options.OutputDirectory)})");
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("latent dim / provider", $"{r.LatentDim}{(r.Conditional ? " (conditional)" : "")} / {r.Provider}");
        Row("images (train / test / scored)", Invariant($"{r.TrainCount:N0} / {r.TestCount:N0} / {r.EvaluatedCount:N0}"));
        Row("SSIM mean ± std", Invariant($"{r.Ssim.Overall.Mean:0.0000} ± {r.Ssim.Overall.Std:0.0000}"));
        Row("PSNR mean ± std (dB)", Invariant($"{r.Psnr.Overall.Mean:0.00} ± {r.Psnr.Overall.Std:0.00}")
            + (r.Psnr.Overall.NonFiniteCount > 0 ? Invariant($" (+{r.Psnr.Overall.NonFiniteCount} at +∞)") : ""));
        Row("MSE mean", Invariant($"{r.Mse.Overall.Mean:0.00000}"));
        foreach (var view in r.Views.Planes)
        {
            Row($"{view.Method.Title}: trustworthiness / 1-NN", view.Method == EmbeddingMethod.Latent
                ? Invariant($"1 (exact) / {view.Quality?.OneNnAccuracy:0.0000}")
                : Invariant($"{view.Quality?.Trustworthiness:0.0000} / {view.Quality?.OneNnAccuracy:0.0000}"));
        }
        if (r.Views.Primary.Method != EmbeddingMethod.Latent)
        {
            Row($"1-NN in the {r.LatentDim}-D latent space", Invariant($"{r.Views.LatentOneNnAccuracy:0.0000}"));
        }
        if (r.Views.TSne is { } tsne)
        {
            Row("t-SNE", Invariant($"{tsne.Seconds:0.00} s, {tsne.Settings.MaxDegreeOfParallelism} threads, KL {tsne.Result.KlDivergence:0.000}"));
        }
        Row("files written", Invariant($"{r.Artifacts.Count} (report: {ArtifactNames.ReportHtml}, {ArtifactNames.ReportMarkdown})"));
        Row("total time", Invariant($"{r.TotalSeconds:0.00} s"));
        console.Write(table);
        console.Write(Classifiers(r));
    }

    // Every classifier side by side, the most accurate marked.
    private static Table Classifiers(EvaluationResult r)
    {
        var runs = r.Classifiers.Runs;
        var best = r.Classifiers.Best;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]classifiers on μ[/]");
        var notes = r.Classifiers.Unavailable.Select(u => $"{u.Name}: unavailable ({u.Reason})").ToList();
        if (r.Conditional)
        {
            notes.Add(ReportText.ConditionalClassifierNote);
        }
        if (notes.Count > 0)
        {
            table.Caption(Markup.Escape(string.Join("\n", notes)));
        }
        table.AddColumn("metric");
        foreach (var run in runs)
        {
            table.AddColumn(new TableColumn(Markup.Escape(run == best && runs.Count > 1 ? run.Name + " *" : run.Name)).RightAligned());
        }
        void Row(string name, Func<ClassifierRun, string> value) => table.AddRow([Markup.Escape(name), .. runs.Select(run => Markup.Escape(value(run)))]);
        Row("accuracy", run => Invariant($"{run.Report.Accuracy:0.0000}"));
        Row("macro precision / recall / F1", run => Invariant($"{run.Report.Macro.Precision:0.0000} / {run.Report.Macro.Recall:0.0000} / {run.Report.Macro.F1:0.0000}"));
        Row("weighted F1", run => Invariant($"{run.Report.Weighted.F1:0.0000}"));
        Row("ROC-AUC micro / macro", run => Invariant($"{run.Roc.Micro.Auc:0.0000} / {run.Roc.MacroAuc:0.0000}"));
        Row("worst confusions", run => string.Join(", ", run.Report.WorstConfusions(3).Select(w => Invariant($"{w.True}→{w.Predicted} ({w.Count})"))));
        Row("seconds", run => Invariant($"{run.Seconds:0.00}"));
        return table;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
