using System.Buffers.Binary;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.Tests.Zoo;

/// <summary>
/// <c>vae-bench zoo</c> end to end, as <c>make zoo</c> runs it but small: two members, one epoch on 256 images, one
/// thread, the trainer's MLP as the only classifier; the real vae-train, vae-evaluate (and its <c>compare</c>) and
/// vae bench run as child processes from their build folders.
/// </summary>
public sealed class ZooRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ZooRun_TwoMembersOneEpoch_WritesZooJsonTableLinksAndBothFigures()
    {
        string models = _temp.Sub("models"), reports = _temp.Sub("reports");
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = BenchmarkCommand.Run(["zoo", "--members", "mlp-2,cvae-mlp-2", "--epochs", "1", "--train-limit", "256", "--threads", "1",
            "--evaluator-args", "--classifier mlp", "--data", RepositoryPaths.Mnist, "--models-root", models, "--reports-root", reports,
            "--trainer", RepositoryPaths.Program("trainer/VaeOnnx.Trainer", "vae-train.dll"),
            "--evaluator", RepositoryPaths.Program("evaluation/VaeOnnx.Evaluation", "vae-evaluate.dll"),
            "--vae", RepositoryPaths.Program("inference/VaeOnnx.Cli", "vae.dll")], output, error);

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        var rows = ZooRow.Parse(File.ReadAllText(Path.Combine(reports, ArtifactNames.ZooSummary)));
        Assert.Equal(["mlp-2", "cvae-mlp-2"], rows.Select(r => r.Name));
        Assert.All(rows, r =>
        {
            Assert.Equal(1, r.Epochs);
            Assert.True(r.TestLoss > 0 && r.TrainLoss > 0 && r.TrainSeconds > 0);
            // Read from metrics.json as the evaluation writes it, and from the vae bench report.
            Assert.InRange(r.SsimMean ?? double.NaN, 0, 1);
            Assert.NotNull(r.PsnrMean);
            Assert.NotNull(r.MseMean);
            Assert.InRange(Assert.Single(r.ClassifierAccuracy).Value, 0, 1);
            Assert.Equal(1.0, r.Trustworthiness["latent"], 6);
            Assert.True(r.DecodeP50UsBatch1 > 0 && r.DecodeP50UsBatch1024 > 0);
        });

        string[] table = File.ReadAllLines(Path.Combine(reports, "zoo.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, table.Length); // the header and one row per member
        // member, model, parameters (the architecture's own count), ONNX MB, epochs.
        Assert.Equal(["mlp-2", "mlp-400, 1x28x28 → z 2", "631,188"], table[1].Split(" | ")[..3].Select(c => c.TrimStart('|', ' ')));
        Assert.Equal("1", table[1].Split(" | ")[4]);
        Assert.Equal(["cvae-mlp-2", "mlp-400, 1x28x28 → z 2, conditioned on a label of 10 classes", "639,188"], table[2].Split(" | ")[..3].Select(c => c.TrimStart('|', ' ')));
        Assert.Equal("1", table[2].Split(" | ")[4]);
        Assert.DoesNotContain("—", table[1], StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(reports, ArtifactNames.ReportHtml));
        foreach (string member in new[] { "mlp-2", "cvae-mlp-2" })
        {
            Assert.Contains($"<a href=\"{member}/index.html\">{member}</a>", html, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(reports, member, ArtifactNames.ReportHtml)), $"{member} has no report page");
        }
        Assert.Contains("<img src=\"zoo_reconstructions.png\"", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"zoo_samples.png\"", html, StringComparison.Ordinal);
        // The sizes the figures' SizeFor gives for 28×28 tiles: 3 rows (originals + 2 members) of 8, and 2 rows of 10.
        Assert.Equal((1000, 415), PngSize(Path.Combine(reports, "zoo_reconstructions.png")));
        Assert.Equal((1200, 316), PngSize(Path.Combine(reports, "zoo_samples.png")));
        Assert.Contains("compared 2 of 2 members", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Width and height from a PNG's IHDR chunk (big-endian at bytes 16 and 20, after the signature and chunk header).</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{path} is not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
