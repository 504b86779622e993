using System.Globalization;
using Spectre.Console;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>
/// <c>vae-evaluate</c> as a testable function: parses options, runs the pipeline, prints stage times and a summary
/// table, and maps failures to exit codes with one-line messages (never a stack trace).
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Exit code for bad options and unusable inputs.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for anything unexpected.</summary>
    public const int Failure = 1;

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, VaeBackendFactory backendFactory, INpyWriter npy,
        TextWriter stdout, TextWriter stderr)
    {
        ParsedCommandLine parsed;
        try
        {
            parsed = OptionParser.Parse(args);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"vae-evaluate: {e.Message}");
            return UsageError;
        }
        if (parsed.ShowHelp)
        {
            stdout.Write(OptionParser.Usage);
            return 0;
        }
        try
        {
            var pipeline = new EvaluationPipeline(parsed.Options, backendFactory, npy, line => stdout.WriteLine(line));
            var result = pipeline.Run();
            WriteSummary(result, stdout);
            return 0;
        }
        catch (EvaluationInputException e)
        {
            stderr.WriteLine($"vae-evaluate: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"vae-evaluate: {e.Message}");
            return UsageError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"vae-evaluate: unexpected {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("VAEONNX_TRACE") == "1")
            {
                stderr.WriteLine(e);
            }
            else
            {
                stderr.WriteLine("vae-evaluate: set VAEONNX_TRACE=1 for the stack trace");
            }
            return Failure;
        }
    }

    /// <summary>The closing summary table.</summary>
    public static void WriteSummary(EvaluationResult r, TextWriter output)
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
        Row("files written", Invariant($"{r.Artifacts.Count} (report: index.html, report.md)"));
        Row("total time", Invariant($"{r.TotalSeconds:0.00} s"));
        console.Write(table);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
