using System.Text.Json.Nodes;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.Tests;

public sealed class BenchReportTests
{
    private static BenchReport WithPyTorchRows()
    {
        var report = new BenchReport { Date = "2026-12-02", Host = "test", Cores = 2, Os = "Linux", TorchSharp = "0", Blas = "MKL" };
        var theirs = new PyTorchResult("1.13", 2, new Spread(3.0, 4.0, 5.0, 5.0, 3), 200);
        var ours = new Spread(1.5, 2.4, 3.0, 3.0, 3);
        report.VersusPyTorch.Add(new PyTorchComparison("mlp-400", 2, 60_000, ours, theirs, new Spread(0.45, 0.55, 0.7, 0.7, 3)));
        var bf16 = new Spread(1.2, 1.6, 2.0, 2.0, 3);
        report.VersusPyTorch.Add(new PyTorchComparison("mlp-400", 2, 60_000, bf16, theirs, new Spread(0.35, 0.4, 0.42, 0.42, 3), TrainingPrecision.Bf16));
        return report;
    }

    [Fact]
    public void ToMarkdown_PyTorchRows_PairedRatioWithItsRangeAndRatioOfBestEpochsAndTheOptInLabelled()
    {
        string markdown = WithPyTorchRows().ToMarkdown();

        Assert.Contains("| mlp-400 | 2 | 60,000 | 1.50 / 2.40 / 3.00 | 3.00 / 4.00 / 5.00 | 0.55 (0.45–0.70) | 0.50 | 200 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| mlp-400, `--precision bf16` (opt-in) | 2 | 60,000 | 1.20 / 1.60 / 2.00 | 3.00 / 4.00 / 5.00 | 0.40 (0.35–0.42) | 0.40 | 200 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_PyTorchRows_CarryPrecisionAndBestRatio()
    {
        var rows = JsonNode.Parse(WithPyTorchRows().ToJson())!["versusPyTorch"]!.AsArray();

        Assert.Equal("float32", (string?)rows[0]!["precision"]);
        Assert.Equal("bf16", (string?)rows[1]!["precision"]);
        Assert.Equal(0.5, (double?)rows[0]!["bestRatio"]);
        Assert.Equal(0.55, (double?)rows[0]!["ratio"]);
    }
}
