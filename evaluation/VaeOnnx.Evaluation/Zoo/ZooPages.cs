using System.Globalization;
using System.Net;
using System.Text;
using VaeOnnx.Evaluation.Figures;

namespace VaeOnnx.Evaluation.Zoo;

/// <summary>
/// <see cref="MarkdownFile"/> and the zoo's <c>index.html</c>: one table of every member shown (the same cells in both),
/// the members left out, and the two figures; the HTML links each member's own report.
/// </summary>
public static class ZooPages
{
    /// <summary>The Markdown page in the zoo folder.</summary>
    public const string MarkdownFile = "zoo.md";

    private const string Title = "VAE zoo on MNIST: the family side by side";

    /// <summary>Column headings of the table.</summary>
    public static IReadOnlyList<string> Header { get; } =
    [
        "member", "model", "parameters", "ONNX MB", "epochs", "s/epoch", "train loss", "test loss", "test BCE / KL", "SSIM",
        "PSNR dB", "MSE", "accuracy on μ", "trustworthiness", "decode p50 batch 1", "decode p50 batch 1024",
    ];

    /// <summary>The cells of one member's row, in the order of <see cref="Header"/>; a number not measured is "—".</summary>
    public static string[] Cells(ZooMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var r = member.Row;
        // Every classifier, most accurate first; on a tie in ordinal order of the name, so the cell does not depend on JSON order.
        string accuracy = r.ClassifierAccuracy.Count == 0
            ? Missing
            : string.Join(", ", r.ClassifierAccuracy.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{F(kv.Value, 3)} {kv.Key}"));
        string trust = r.Trustworthiness.Count == 0
            ? Missing
            : string.Join(", ", r.Trustworthiness.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {F(kv.Value, 3)}"));
        // β is a training setting, not part of the signature the description comes from.
        string model = r.Beta == 1 ? r.Model : string.Create(CultureInfo.InvariantCulture, $"{r.Model}, β = {r.Beta:0.##}");
        return
        [
            r.Name, model, r.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(r.OnnxBytes / 1e6, 2),
            r.Epochs.ToString(CultureInfo.InvariantCulture), F(r.TrainSecondsPerEpoch, 2), F(r.TrainLoss, 2), F(r.TestLoss, 2),
            $"{F(r.TestBce, 2)} / {F(r.TestKld, 2)}", F(r.SsimMean, 3), F(r.PsnrMean, 2), F(r.MseMean, 4), accuracy, trust,
            Duration(r.DecodeP50UsBatch1), Duration(r.DecodeP50UsBatch1024),
        ];
    }

    /// <summary>The Markdown page.</summary>
    public static string Markdown(IReadOnlyList<ZooMember> members, IReadOnlyList<(string Name, string Reason)> leftOut, int seed)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(leftOut);
        var md = new StringBuilder();
        md.Append("# ").Append(Title).Append("\n\n").Append(Note(seed)).Append("\n\n");
        md.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n");
        md.Append('|').Append(string.Join('|', Header.Select((_, i) => i < 2 ? "---" : "---:"))).Append("|\n");
        foreach (var member in members)
        {
            md.Append("| ").Append(string.Join(" | ", Cells(member).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }
        md.Append('\n');
        foreach (var (name, reason) in leftOut)
        {
            md.Append("Left out: ").Append(name).Append(" (").Append(reason).Append(").\n\n");
        }
        md.Append("![").Append(ReconstructionsCaption).Append("](").Append(ZooReconstructionsFigure.FileName).Append(")\n\n");
        md.Append("![").Append(SamplesCaption).Append("](").Append(ZooSamplesFigure.FileName).Append(")\n");
        return md.ToString();
    }

    /// <summary>The HTML page (the table with a link to each member's report, then the figures).</summary>
    public static string Html(IReadOnlyList<ZooMember> members, IReadOnlyList<(string Name, string Reason)> leftOut, int seed)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(leftOut);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Title}}</title>
            <style>
            body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1600px; padding: 1.5em 2em; color: #222; line-height: 1.45; }
            h1 { border-bottom: 2px solid #1f77b4; padding-bottom: .3em; }
            table { border-collapse: collapse; margin: .8em 0 1.4em; font-size: .9em; }
            th, td { border: 1px solid #d0d0d0; padding: .3em .6em; }
            th { background: #f0f4f8; }
            td:nth-child(n+3) { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1.2em 0 2em; }
            figure img { max-width: 100%; border: 1px solid #e4e4e4; }
            figcaption { color: #555; font-style: italic; margin-top: .3em; }
            </style>
            </head>
            <body>
            <h1>{{Title}}</h1>

            """);
        html.Append("<p>").Append(Encode(Note(seed))).Append("</p>\n<table>\n<tr>")
            .Append(string.Concat(Header.Select(h => $"<th>{Encode(h)}</th>"))).Append("</tr>\n");
        foreach (var member in members)
        {
            var cells = Cells(member);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"{Encode(member.ReportLink)}\">{Encode(cells[0])}</a></td>")
                .Append(string.Concat(cells.Skip(1).Select(c => $"<td>{Encode(c)}</td>"))).Append("</tr>\n");
        }
        html.Append("</table>\n");
        foreach (var (name, reason) in leftOut)
        {
            html.Append("<p>Left out: ").Append(Encode(name)).Append(" (").Append(Encode(reason)).Append(").</p>\n");
        }
        foreach (var (file, caption) in new[] { (ZooReconstructionsFigure.FileName, ReconstructionsCaption), (ZooSamplesFigure.FileName, SamplesCaption) })
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<figure><a href=\"{file}\"><img src=\"{file}\" alt=\"{Encode(caption)}\" loading=\"lazy\"></a><figcaption>{Encode(caption)}</figcaption></figure>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private const string Missing = "—";

    private const string ReconstructionsCaption = "The same test digits (top row) reconstructed by every member, decoder(μ); conditional members under the true label.";

    private const string SamplesCaption = "Samples of every member from the same seed's z ~ N(0, I); conditional members decode sample k under label k.";

    private static string Note(int seed) => string.Create(CultureInfo.InvariantCulture,
        $"Losses are per test (or train) image of the last epoch; SSIM, PSNR and MSE are means over the evaluated test reconstructions; s/epoch is the median training epoch; ONNX MB is encoder plus decoder; every classifier's test accuracy on μ, most accurate first; trustworthiness is that of each 2-D view of the latent space; decode times are the library's median for one call of 1 and of 1024 codes. Samples use seed {seed}.");

    private static string Duration(double? microseconds) => microseconds switch
    {
        null or <= 0 => Missing,
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1000:0.00} ms"),
    };

    private static string F(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Missing;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
