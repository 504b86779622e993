using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

public sealed class BarnesHutQuadTreeTests
{
    private static double[] Points(int count, int seed)
    {
        var random = new Random(seed);
        var points = new double[2 * count];
        for (int i = 0; i < count; i++)
        {
            // Clumps of different sizes, so that the tree is deep in places.
            int clump = i % 5;
            points[2 * i] = (clump * 3) + (random.NextDouble() * (clump + 1) * 0.3);
            points[(2 * i) + 1] = (clump % 2 * 4) + (random.NextDouble() * (clump + 1) * 0.3);
        }
        return points;
    }

    private static (double Z, double X, double Y) Exact(double[] points, int i)
    {
        double z = 0, fx = 0, fy = 0;
        for (int j = 0; j < points.Length / 2; j++)
        {
            if (j == i)
            {
                continue;
            }
            double dx = points[2 * i] - points[2 * j], dy = points[(2 * i) + 1] - points[(2 * j) + 1];
            double q = 1 / (1 + (dx * dx) + (dy * dy));
            z += q;
            fx += q * q * dx;
            fy += q * q * dy;
        }
        return (z, fx, fy);
    }

    [Fact]
    public void Repulsion_ThetaZero_EqualsTheSumOverAllOtherPoints()
    {
        var points = Points(400, 1);
        // Duplicates: point 7 twice more, so a leaf holds three coincident points.
        points = [.. points, points[14], points[15], points[14], points[15]];
        var tree = new BarnesHutQuadTree();
        tree.Build(points, points.Length / 2);

        for (int i = 0; i < points.Length / 2; i++)
        {
            double z = tree.Repulsion(points[2 * i], points[(2 * i) + 1], 0, out double fx, out double fy);
            var exact = Exact(points, i);
            Assert.Equal(exact.Z, z, 1e-9);
            Assert.Equal(exact.X, fx, 1e-9);
            Assert.Equal(exact.Y, fy, 1e-9);
        }
    }

    [Fact]
    public void Repulsion_ThetaHalf_StaysCloseToTheExactSum()
    {
        var points = Points(2000, 2);
        var tree = new BarnesHutQuadTree();
        tree.Build(points, 2000);
        double worstZ = 0, worstForce = 0;
        for (int i = 0; i < 2000; i += 7)
        {
            double z = tree.Repulsion(points[2 * i], points[(2 * i) + 1], 0.25, out double fx, out double fy);
            var exact = Exact(points, i);
            worstZ = Math.Max(worstZ, Math.Abs(z - exact.Z) / exact.Z);
            double norm = Math.Sqrt((exact.X * exact.X) + (exact.Y * exact.Y));
            worstForce = Math.Max(worstForce, Math.Sqrt(Math.Pow(fx - exact.X, 2) + Math.Pow(fy - exact.Y, 2)) / norm);
        }
        Assert.True(worstZ < 0.01, $"Z off by {worstZ:P2}");
        Assert.True(worstForce < 0.05, $"force off by {worstForce:P2}");
    }

    [Fact]
    public void Build_AllPointsEqual_OneLeafAndZCountsTheOthers()
    {
        double[] points = [1, 2, 1, 2, 1, 2, 1, 2];
        var tree = new BarnesHutQuadTree();
        tree.Build(points, 4);

        Assert.Equal(1, tree.CellCount);
        Assert.Equal(3, tree.Repulsion(1, 2, 0.25, out double fx, out double fy));
        Assert.Equal((0.0, 0.0), (fx, fy));
    }
}
