using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

public sealed class GaussianKde2DTests
{
    [Fact]
    public void Evaluate_GoldenPoints_MatchesSciPyGaussianKde()
    {
        var kde = Golden.Root.GetProperty("kde");
        var xs = Golden.Doubles(kde.GetProperty("x"));
        var ys = Golden.Doubles(kde.GetProperty("y"));
        var fitted = GaussianKde2D.TryFit(xs, ys);
        Assert.NotNull(fitted);
        Assert.Equal(kde.GetProperty("factor").GetDouble(), fitted.Factor, 12);
        var qx = Golden.Doubles(kde.GetProperty("qx"));
        var qy = Golden.Doubles(kde.GetProperty("qy"));
        var expected = Golden.Doubles(kde.GetProperty("density"));
        for (int i = 0; i < qx.Length; i++)
        {
            double density = fitted.Evaluate(qx[i], qy[i]);
            Assert.True(Math.Abs(density - expected[i]) < 1e-9 * Math.Max(1, expected[i]), $"point {i}: {density:R} vs {expected[i]:R}");
        }
    }

    [Fact]
    public void EvaluateGrid_RowsAreYColumnsAreX()
    {
        var kde = GaussianKde2D.TryFit([0, 1, 0, 1, 0.5], [0, 0, 1, 1, 0.4])!;
        var grid = kde.EvaluateGrid(-1, 2, 0, 3, 4, 5);
        Assert.Equal(5, grid.GetLength(0));
        Assert.Equal(4, grid.GetLength(1));
        Assert.Equal(kde.Evaluate(2, 3), grid[4, 3], 12);
        Assert.Equal(kde.Evaluate(0, 0.75), grid[1, 1], 12);
    }

    [Fact]
    public void TryFit_CollinearOrTooFewPoints_ReturnsNull()
    {
        Assert.Null(GaussianKde2D.TryFit([0, 1, 2, 3], [0, 1, 2, 3]));
        Assert.Null(GaussianKde2D.TryFit([0, 1], [1, 0]));
    }
}
