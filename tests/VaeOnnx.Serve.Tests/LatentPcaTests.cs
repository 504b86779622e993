using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary><see cref="LatentPca"/>: the plane the explorer maps for a latent space of more than two dimensions.</summary>
public sealed class LatentPcaTests
{
    /// <summary>
    /// Gaussian codes with standard deviations <paramref name="spread"/> along the axes of a fixed rotation, around
    /// <paramref name="centre"/>; returns the codes and the rotated axes (rows).
    /// </summary>
    private static (float[] Codes, double[][] Axes) Cloud(int rows, double[] spread, double[] centre, int seed)
    {
        int dim = spread.Length;
        var random = new Random(seed);
        // A rotation: Gram–Schmidt on fixed random vectors.
        var axes = new double[dim][];
        for (int i = 0; i < dim; i++)
        {
            var v = Enumerable.Range(0, dim).Select(_ => random.NextDouble() - 0.5).ToArray();
            for (int j = 0; j < i; j++)
            {
                double p = v.Zip(axes[j], (a, b) => a * b).Sum();
                v = [.. v.Select((x, k) => x - (p * axes[j][k]))];
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            axes[i] = [.. v.Select(x => x / norm)];
        }
        var codes = new float[rows * dim];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < dim; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * spread[i];
                for (int k = 0; k < dim; k++)
                {
                    codes[(r * dim) + k] += (float)(g * axes[i][k]);
                }
            }
            for (int k = 0; k < dim; k++)
            {
                codes[(r * dim) + k] += (float)centre[k];
            }
        }
        return (codes, axes);
    }

    private static double AbsDot(float[] u, double[] v) => Math.Abs(u.Select((x, k) => x * v[k]).Sum());

    [Theory]
    [InlineData(3, new[] { 3.0, 1.5, 0.3 })]
    [InlineData(8, new[] { 2.0, 1.6, 1.0, 0.9, 0.5, 0.4, 0.2, 0.1 })]
    [InlineData(4, new[] { 2.0, 1.95, 0.5, 0.1 })] // close first two: the plane converges, Rayleigh–Ritz separates them
    public void Fit_RotatedGaussianCloud_FindsTheMeanAndTheTwoLargestPrincipalAxes(int dim, double[] spread)
    {
        double[] centre = [.. Enumerable.Range(0, dim).Select(k => (k * 0.7) - 1)];
        var (codes, axes) = Cloud(4000, spread, centre, seed: dim);
        var pca = LatentPca.Fit(codes, 4000, dim);
        PrincipalAxes.AssertArePrincipal(codes, dim, pca.Mean, pca.First, pca.Second);
        if (spread[0] / spread[1] > 1.5)
        {
            Assert.True(AbsDot(pca.First, axes[0]) > 0.99, "PC1 is the axis of the largest spread");
        }
        Assert.True(pca.FirstVariance >= pca.SecondVariance && pca.SecondVariance > 0);
        Assert.InRange(pca.TotalVariance, spread.Sum(s => s * s) * 0.9, spread.Sum(s => s * s) * 1.1);
    }

    [Fact]
    public void Fit_AnyData_GivesComponentsWhoseLargestEntryIsPositive()
    {
        var (codes, _) = Cloud(500, [2.0, 1.0, 0.5], [0, 0, 0], seed: 9);
        var pca = LatentPca.Fit(codes, 500, 3);
        foreach (var component in new[] { pca.First, pca.Second })
        {
            Assert.True(component.MaxBy(Math.Abs) > 0);
        }
    }

    [Fact]
    public void Project_CodeOnThePlane_GivesBackItsCoordinates()
    {
        var (codes, _) = Cloud(500, [2.0, 1.0, 0.5], [1, 2, 3], seed: 2);
        var pca = LatentPca.Fit(codes, 500, 3);
        float[] z = [.. Enumerable.Range(0, 3).Select(k => pca.Mean[k] + (1.25f * pca.First[k]) - (0.5f * pca.Second[k]))];
        var (a, b) = pca.Project(z);
        Assert.Equal(1.25, a, 5);
        Assert.Equal(-0.5, b, 5);
    }

    [Fact]
    public void Fit_IdenticalCodes_GivesTheMeanAndOrthonormalAxesWithoutVariance()
    {
        float[] codes = [.. Enumerable.Repeat(new[] { 1f, -2f, 0.5f }, 10).SelectMany(c => c)];
        var pca = LatentPca.Fit(codes, 10, 3);
        Assert.Equal([1f, -2f, 0.5f], pca.Mean);
        Assert.Equal(1, pca.First.Sum(v => v * v), 5);
        Assert.Equal(1, pca.Second.Sum(v => v * v), 5);
        Assert.Equal(0, pca.First.Select((v, k) => v * pca.Second[k]).Sum(), 5);
        Assert.Equal(0, pca.TotalVariance);
    }

    [Fact]
    public void Fit_OneDimensionNoRowsOrAShortBuffer_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => LatentPca.Fit(new float[4], 4, 1));
        Assert.ThrowsAny<ArgumentException>(() => LatentPca.Fit([], 0, 3));
        Assert.ThrowsAny<ArgumentException>(() => LatentPca.Fit(new float[5], 2, 3));
    }
}
