using System.Globalization;
using Spectre.Console;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Pipeline;

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
        var c = r.Classifier;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]VAE evaluation[/] ({Markup.Escape(r.Options.OutputDirectory)})");
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("latent dim / provider", $"{r.LatentDim} / {r.Provider}");
        Row("images (train / test / scored)", Invariant($"{r.TrainCount:N0} / {r.TestCount:N0} / {r.EvaluatedCount:N0}"));
        Row($"{c.Name} accuracy", Invariant($"{c.Report.Accuracy:0.0000}"));
        Row("macro precision / recall / F1", Invariant($"{c.Report.Macro.Precision:0.0000} / {c.Report.Macro.Recall:0.0000} / {c.Report.Macro.F1:0.0000}"));
        Row("weighted F1", Invariant($"{c.Report.Weighted.F1:0.0000}"));
        Row("ROC-AUC micro / macro", Invariant($"{c.Roc.Micro.Auc:0.0000} / {c.Roc.MacroAuc:0.0000}"));
        Row("SSIM mean ± std", Invariant($"{r.Ssim.Overall.Mean:0.0000} ± {r.Ssim.Overall.Std:0.0000}"));
        Row("PSNR mean ± std (dB)", Invariant($"{r.Psnr.Overall.Mean:0.00} ± {r.Psnr.Overall.Std:0.00}")
            + (r.Psnr.Overall.NonFiniteCount > 0 ? Invariant($" (+{r.Psnr.Overall.NonFiniteCount} at +∞)") : ""));
        Row("MSE mean", Invariant($"{r.Mse.Overall.Mean:0.00000}"));
        Row("worst confusions", string.Join(", ", c.Report.WorstConfusions(3).Select(w => Invariant($"{w.True}→{w.Predicted} ({w.Count})"))));
        Row("files written", Invariant($"{r.Artifacts.Count} (report: {ArtifactNames.ReportHtml}, {ArtifactNames.ReportMarkdown})"));
        Row("total time", Invariant($"{r.TotalSeconds:0.00} s"));
        console.Write(table);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
