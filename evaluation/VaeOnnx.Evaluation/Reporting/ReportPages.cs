using System.Globalization;
using System.Net;
using System.Text;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Reporting;

/// <summary>
/// <see cref="ArtifactNames.ReportMarkdown"/> and <see cref="ArtifactNames.ReportHtml"/>: every figure (by relative path) and the key tables on one page. Both
/// pages are built from the same sections, so they always say the same thing; the HTML needs nothing but the
/// PNGs beside it.
/// </summary>
public static partial class ReportPages
{
    private sealed record Table(string[] Header, List<string[]> Rows, string? Caption = null, bool Numeric = true);

    private abstract record Block;

    private sealed record Paragraph(string Text) : Block;

    private sealed record TableBlock(Table Table) : Block;

    private sealed record FigureBlock(string File, string Caption) : Block;

    private sealed record Section(string Title, List<Block> Blocks);

    /// <summary>The Markdown page.</summary>
    public static string Markdown(EvaluationResult r)
    {
        var md = new StringBuilder();
        md.Append("# VAE on MNIST: evaluation report\n\n");
        foreach (var section in Sections(r))
        {
            md.Append("## ").Append(section.Title).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case Paragraph p:
                        md.Append(p.Text).Append("\n\n");
                        break;
                    case TableBlock { Table: var t }:
                        if (t.Caption is not null)
                        {
                            md.Append("**").Append(t.Caption).Append("**\n\n");
                        }
                        md.Append("| ").Append(string.Join(" | ", t.Header.Select(EscapeMd))).Append(" |\n");
                        md.Append('|').Append(string.Join('|', t.Header.Select((_, i) => i == 0 || !t.Numeric ? "---" : "---:"))).Append("|\n");
                        foreach (var row in t.Rows)
                        {
                            md.Append("| ").Append(string.Join(" | ", row.Select(EscapeMd))).Append(" |\n");
                        }
                        md.Append('\n');
                        break;
                    case FigureBlock f:
                        md.Append("![").Append(f.Caption).Append("](").Append(f.File).Append(")\n\n*").Append(f.Caption).Append("*\n\n");
                        break;
                }
            }
        }
        return md.ToString();
    }

    /// <summary>The HTML page (self-contained apart from the PNGs it shows).</summary>
    public static string Html(EvaluationResult r)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>VAE on MNIST: evaluation report</title>
            <style>
            body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1400px; padding: 1.5em 2em; color: #222; line-height: 1.45; }
            h1 { border-bottom: 2px solid #1f77b4; padding-bottom: .3em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
            table { border-collapse: collapse; margin: .8em 0 1.4em; font-size: .92em; }
            caption { text-align: left; font-weight: bold; padding-bottom: .4em; }
            th, td { border: 1px solid #d0d0d0; padding: .3em .7em; }
            th { background: #f0f4f8; }
            td:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
            table.text td { text-align: left; }
            figure { margin: 1.2em 0 2em; }
            figure img { max-width: 100%; border: 1px solid #e4e4e4; }
            figcaption { color: #555; font-style: italic; margin-top: .3em; }
            nav a { margin-right: 1em; }
            code { background: #f4f4f4; padding: 0 .25em; }
            </style>
            </head>
            <body>
            <h1>VAE on MNIST: evaluation report</h1>

            """);
        var sections = Sections(r);
        html.Append("<nav>");
        for (int i = 0; i < sections.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a href=\"#s{i}\">{Encode(sections[i].Title)}</a>");
        }
        html.Append("</nav>\n");
        for (int i = 0; i < sections.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"s{i}\">{Encode(sections[i].Title)}</h2>\n");
            foreach (var block in sections[i].Blocks)
            {
                switch (block)
                {
                    case Paragraph p:
                        html.Append("<p>").Append(InlineCode(Encode(p.Text))).Append("</p>\n");
                        break;
                    case TableBlock { Table: var t }:
                        html.Append(t.Numeric ? "<table>" : "<table class=\"text\">");
                        if (t.Caption is not null)
                        {
                            html.Append("<caption>").Append(Encode(t.Caption)).Append("</caption>");
                        }
                        html.Append("<tr>").Append(string.Concat(t.Header.Select(h => $"<th>{Encode(h)}</th>"))).Append("</tr>\n");
                        foreach (var row in t.Rows)
                        {
                            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{InlineCode(Encode(c))}</td>"))).Append("</tr>\n");
                        }
                        html.Append("</table>\n");
                        break;
                    case FigureBlock f:
                        html.Append(CultureInfo.InvariantCulture,
                            $"<figure><a href=\"{Encode(f.File)}\"><img src=\"{Encode(f.File)}\" alt=\"{Encode(f.Caption)}\" loading=\"lazy\"></a><figcaption>{Encode(f.Caption)}</figcaption></figure>\n");
                        break;
                }
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static List<Section> Sections(EvaluationResult r)
    {
        var figures = r.Figures.ToDictionary(f => f.File, f => f.Caption, StringComparer.Ordinal);
        void AddFigure(List<Block> blocks, string file)
        {
            if (figures.TryGetValue(file, out var caption))
            {
                blocks.Add(new FigureBlock(file, caption));
            }
        }
        var o = r.Options;
        var suite = r.Classifiers;
        // The forest carries the PyTorch reference numbers; without it, the most accurate classifier leads.
        var lead = suite.Of(ClassifierKind.Forest) ?? suite.Best;
        bool referenceComparable = r.LatentDim == 2 && !r.Conditional && lead.Kind == ClassifierKind.Forest;
        string sampleNote = r.EvaluatedCount == r.TestCount ? "all 10k" : "first 1000";
        string cvae = r.Conditional ? " (CVAE: low is expected)" : "";

        var keyRows = new List<string[]>
        {
            Row(referenceComparable, $"{lead.Name} accuracy{cvae}", F(lead.Report.Accuracy, 4), "0.70"),
        };
        keyRows.AddRange(suite.Runs.Where(run => run != lead).Select(run => Row(referenceComparable, $"{run.Name} accuracy{cvae}", F(run.Report.Accuracy, 4), "")));
        keyRows.AddRange(
        [
            Row(referenceComparable, $"macro F1 ({lead.Name})", F(lead.Report.Macro.F1, 4), "0.69"),
            Row(referenceComparable, $"weighted F1 ({lead.Name})", F(lead.Report.Weighted.F1, 4), ""),
            Row(referenceComparable, $"micro-average ROC-AUC ({lead.Name})", F(lead.Roc.Micro.Auc, 4), "0.95"),
            Row(referenceComparable, $"macro-average ROC-AUC ({lead.Name})", F(lead.Roc.MacroAuc, 4), ""),
            Row(referenceComparable, "SSIM mean", F(r.Ssim.Overall.Mean, 4), r.EvaluatedCount == r.TestCount ? "0.543" : "0.53"),
            Row(referenceComparable, "PSNR mean (dB)", F(r.Psnr.Overall.Mean, 2), r.EvaluatedCount == r.TestCount ? "14.45" : "14.5"),
            Row(referenceComparable, "MSE mean", F(r.Mse.Overall.Mean, 5), r.EvaluatedCount == r.TestCount ? "0.0415" : "0.041"),
        ]);
        keyRows.AddRange(r.Views.Planes.Select(v => Row(referenceComparable, $"{v.Method.Title} view: trustworthiness (k = {v.Quality?.Neighbours}) / 1-NN accuracy",
            $"{F(v.Quality?.Trustworthiness ?? double.NaN, 4)} / {F(v.Quality?.OneNnAccuracy ?? double.NaN, 4)}", "")));
        var overview = new List<Block>
        {
            new Paragraph(Invariant($"Model `{o.ModelDirectory}` ({r.Signature.Describe()}, ONNX Runtime provider {r.Provider}); data `{o.DataDirectory}` ({r.TrainCount:N0} train / {r.TestCount:N0} test images); classifiers {string.Join(", ", suite.Runs.Select(run => run.Name))}, {Protocol(suite)}; reconstruction metrics over {(r.EvaluatedCount == r.TestCount ? "all" : "the first")} {r.EvaluatedCount:N0} test images{(r.Conditional ? ", each encoded and decoded under its label" : "")}. Run took {r.TotalSeconds:0.0} s.")),
            new TableBlock(new Table(
                referenceComparable ? ["quantity", "this model", $"PyTorch reference ({sampleNote})"] : ["quantity", "this model"],
                keyRows,
                "Key results")),
        };
        if (r.Conditional)
        {
            overview.Add(new Paragraph($"Classifier accuracy on μ: {ReportText.ConditionalClassifierNote}."));
        }
        if (referenceComparable)
        {
            string epochs = r.History.HasEpochs
                ? Invariant($"This model: {r.History.Epochs.Count} epoch(s), final test loss {F(r.History.Epochs[^1].Test?.Loss ?? double.NaN, 2)} per sample. ")
                : Meta(r, "epochs") is { } e ? $"This model: {e} epoch(s). " : "";
            overview.Add(new Paragraph(epochs + $"Reference: the same fully connected VAE (400 hidden units, 2-D latent) trained 20 epochs in PyTorch 1.13 on this machine kind (seed 42), final test loss 151.48; its random streams alone (initialisation, shuffling, BLAS) moved accuracy by ~0.006 and SSIM by ~0.003, and a model with a higher test loss lands lower."));
        }
        if (r.Psnr.Overall.NonFiniteCount > 0)
        {
            overview.Add(new Paragraph(Invariant($"{r.Psnr.Overall.NonFiniteCount} reconstruction(s) equal their original exactly (PSNR = +∞); they are listed as `inf` in {ArtifactNames.PerImageMetrics} and left out of the PSNR statistics.")));
        }
        AddFigure(overview, CompleteAnalysisFigure.FileName);

        var classifier = ClassifierBlocks(r);
        AddFigure(classifier, ConfusionMatrixFigure.FileName);
        AddFigure(classifier, RocCurvesFigure.FileName);

        var quality = new List<Block>
        {
            new Paragraph(Invariant($"decoder(μ) against the original for {(r.EvaluatedCount == r.TestCount ? "all" : "the first")} {r.EvaluatedCount:N0} test images. SSIM as scikit-image's `structural_similarity` defaults (7×7 uniform window, K1 0.01, K2 0.03, data range 1, sample covariance, 3-pixel border cropped); PSNR = 10·log10(1/MSE). Std is the population standard deviation; percentiles interpolate linearly.")),
            new TableBlock(new Table(["metric", "mean", "std", "min", "p5", "p25", "median", "p75", "p95", "max"],
                [
                    StatsRow("SSIM", r.Ssim.Overall, 4),
                    StatsRow("PSNR (dB)", r.Psnr.Overall, 2),
                    StatsRow("MSE", r.Mse.Overall, 5),
                ],
                "Overall")),
            new TableBlock(new Table(["digit", "images", "SSIM mean", "SSIM median", "PSNR mean (dB)", "PSNR median (dB)", "MSE mean"],
                [.. Enumerable.Range(0, r.Ssim.PerDigit.Length).Select(d => new[]
                {
                    I(d), I(r.Ssim.PerDigit[d].Count + r.Ssim.PerDigit[d].NonFiniteCount), F(r.Ssim.PerDigit[d].Mean, 4), F(r.Ssim.PerDigit[d].Median, 4),
                    F(r.Psnr.PerDigit[d].Mean, 2), F(r.Psnr.PerDigit[d].Median, 2), F(r.Mse.PerDigit[d].Mean, 5),
                })],
                "Per digit")),
        };
        AddFigure(quality, ReconstructionsFigure.FileName);
        AddFigure(quality, SsimDistributionFigure.FileName);
        AddFigure(quality, PsnrDistributionFigure.FileName);

        var latent = LatentBlocks(r);
        AddFigure(latent, LatentSpaceFigure.FileName);
        AddFigure(latent, LatentSpacePerDigitFigure.FileName);
        AddFigure(latent, LatentManifoldFigure.FileName);
        AddFigure(latent, GeneratedSamplesFigure.FileName);
        AddFigure(latent, InterpolationFigure.FileName);

        var conditioning = new List<Block>();
        if (r.Conditional)
        {
            conditioning.Add(new Paragraph("The model is a conditional VAE: encoder and decoder both take the digit label. Every test image was encoded and reconstructed under its true label; the samples, manifold and interpolations above were decoded under the labels their captions name. Below, the label is varied with the code held fixed."));
            AddFigure(conditioning, ConditionalSamplesFigure.FileName);
            AddFigure(conditioning, StyleTransferFigure.FileName);
        }

        var training = new List<Block>();
        if (r.History.HasEpochs)
        {
            var last = r.History.Epochs[^1];
            training.Add(new Paragraph(Invariant($"{r.History.Epochs.Count} epochs; final loss per sample: train {F(last.Train?.Loss ?? double.NaN, 2)}, test {F(last.Test?.Loss ?? double.NaN, 2)} (KL {F(last.Test?.Kld ?? double.NaN, 2)}).")));
        }
        else
        {
            training.Add(new Paragraph($"No training history: {r.History.Problem}."));
        }
        AddFigure(training, LossCurvesFigure.FileName);

        var run = new List<Block>
        {
            new TableBlock(new Table(["stage", "seconds"],
                [.. r.Timings.Select(t => new[] { t.Name, F(t.Seconds, 3) }), ["total (wall)", F(r.TotalSeconds, 3)]],
                "Stage timings (the classifiers run side by side on background tasks from the end of encoding, overlapping the stages after it and each other)")),
            new TableBlock(new Table(["option", "value"],
                [
                    ["--models", o.ModelDirectory], ["--data", o.DataDirectory], ["--out", o.OutputDirectory],
                    ["--sample-size", o.SampleSize is { } s ? I(s) : "all"], ["--trees", I(o.Trees)],
                    ["--classifier", CliOptions.ChoiceName(o.Classifier)], ["--classifier-protocol", CliOptions.ChoiceName(o.Protocol)],
                    ["--tsne / --no-tsne", CliOptions.ChoiceName(o.TSne)], ["--tsne-perplexity", F(o.TSnePerplexity, 1)],
                    ["--seed", I(o.Seed)], ["--device", CliOptions.ChoiceName(o.Device)], ["--threads", o.Threads == 0 ? "0 (all cores)" : I(o.Threads)],
                ],
                "Options", Numeric: false)),
        };
        if (r.Metadata.Count > 0)
        {
            run.Add(new TableBlock(new Table(["model metadata", "value"],
                [.. r.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { kv.Key, kv.Value })], Numeric: false)));
        }
        run.Add(new Paragraph("Files: " + string.Join(", ", r.Artifacts.Select(a => $"`{a}`")) + "."));

        return
        [
            new Section("Overview", overview),
            new Section("Classifier on the latent means", classifier),
            new Section("Reconstruction quality", quality),
            new Section("Latent space", latent),
            .. r.Conditional ? new[] { new Section("Label conditioning", conditioning) } : [],
            new Section("Training", training),
            new Section("Run", run),
        ];
    }

    private static string[] Row(bool withReference, string name, string value, string reference) =>
        withReference ? [name, value, reference] : [name, value];

    private static string[] StatsRow(string name, DescriptiveStatistics s, int digits) =>
        [name, F(s.Mean, digits), F(s.Std, digits), F(s.Min, digits), F(s.P5, digits), F(s.P25, digits), F(s.Median, digits), F(s.P75, digits), F(s.P95, digits), F(s.Max, digits)];

    private static string? Meta(EvaluationResult r, string key) => r.Metadata.TryGetValue(key, out var v) ? v : null;

    private static string F(double value, int digits) =>
        double.IsNaN(value) ? "n/a" : double.IsPositiveInfinity(value) ? "+∞" : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string EscapeMd(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    // `code` spans of the shared text become <code> in HTML.
    private static string InlineCode(string encoded)
    {
        var parts = encoded.Split('`');
        var result = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            result.Append(i % 2 == 1 ? $"<code>{parts[i]}</code>" : parts[i]);
        }
        return result.ToString();
    }
}
