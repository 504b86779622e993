using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Metrics;

public sealed class DescriptiveStatisticsTests
{
    [Fact]
    public void Compute_OneToTen_MatchesNumPy()
    {
        double[] values = [7, 3, 10, 1, 2, 9, 4, 5, 6, 8];
        var s = DescriptiveStatistics.Compute(values);
        Assert.Equal(10, s.Count);
        Assert.Equal(5.5, s.Mean, 12);
        // np.std(range(1, 11)) = sqrt(8.25)
        Assert.Equal(Math.Sqrt(8.25), s.Std, 12);
        Assert.Equal(5.5, s.Median, 12);
        Assert.Equal(1, s.Min);
        Assert.Equal(10, s.Max);
        // np.percentile(range(1, 11), [5, 25, 75, 95]) = [1.45, 3.25, 7.75, 9.55]
        Assert.Equal(1.45, s.P5, 12);
        Assert.Equal(3.25, s.P25, 12);
        Assert.Equal(7.75, s.P75, 12);
        Assert.Equal(9.55, s.P95, 12);
    }

    [Fact]
    public void Compute_InfinityPresent_IsCountedAndLeftOut()
    {
        var s = DescriptiveStatistics.Compute([1, double.PositiveInfinity, 3]);
        Assert.Equal(2, s.Count);
        Assert.Equal(1, s.NonFiniteCount);
        Assert.Equal(2, s.Mean, 12);
        Assert.Equal(3, s.Max);
    }

    [Fact]
    public void Compute_Empty_GivesNaN()
    {
        var s = DescriptiveStatistics.Compute([]);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean));
    }

    [Fact]
    public void ComputeByClass_GroupsByLabel()
    {
        var groups = DescriptiveStatistics.ComputeByClass([1, 2, 10, 20, 30], [0, 0, 1, 1, 1], 3);
        Assert.Equal(1.5, groups[0].Mean, 12);
        Assert.Equal(20, groups[1].Median, 12);
        Assert.Equal(0, groups[2].Count);
    }

    [Fact]
    public void Compute_SingleValue_EveryPercentileIsThatValue()
    {
        var s = DescriptiveStatistics.Compute([4.0]);
        Assert.Equal([4.0, 4.0, 4.0, 4.0, 4.0, 0.0], [s.P5, s.P25, s.Median, s.P75, s.P95, s.Std]);
    }
}
