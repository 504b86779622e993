using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Tests.Analysis;

/// <summary>
/// The evaluation has no normal quantile of its own any more; the SciPy values of the golden fixture (written here
/// by make_golden.py) keep checking the one it would use, the inference library's.
/// </summary>
public sealed class NormalQuantileTests
{
    [Fact]
    public void NormalQuantile_GoldenProbabilities_MatchesSciPyNormPpf()
    {
        var ppf = Golden.Root.GetProperty("normalPpf");
        var p = Golden.Doubles(ppf.GetProperty("p"));
        var z = Golden.Doubles(ppf.GetProperty("z"));
        for (int i = 0; i < p.Length; i++)
        {
            Assert.True(Math.Abs(LatentGrid.NormalQuantile(p[i]) - z[i]) < 1e-8, $"p = {p[i]}");
        }
    }
}
