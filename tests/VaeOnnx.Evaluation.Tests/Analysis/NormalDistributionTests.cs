using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

public sealed class NormalDistributionTests
{
    [Fact]
    public void Quantile_GoldenProbabilities_MatchesSciPyNormPpf()
    {
        var ppf = Golden.Root.GetProperty("normalPpf");
        var p = Golden.Doubles(ppf.GetProperty("p"));
        var z = Golden.Doubles(ppf.GetProperty("z"));
        for (int i = 0; i < p.Length; i++)
        {
            Assert.True(Math.Abs(NormalDistribution.Quantile(p[i]) - z[i]) < 1e-8, $"p = {p[i]}");
        }
    }

    [Fact]
    public void Samples_SameSeed_SameValuesWithUnitMoments()
    {
        var a = NormalDistribution.Samples(20001, 5);
        Assert.Equal(a, NormalDistribution.Samples(20001, 5));
        Assert.NotEqual(a, NormalDistribution.Samples(20001, 6));
        double mean = a.Average(v => (double)v);
        double variance = a.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }
}
