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

    private static (double[] Z, double[] Forces) Repulsion(double[] points, double thetaSquared, int threads = 1)
    {
        int n = points.Length / 2;
        var tree = new BarnesHutQuadTree();
        tree.Build(points, n);
        var z = new double[n];
        var forces = new double[2 * n];
        tree.Repulsion(thetaSquared, z, forces, new ParallelOptions { MaxDegreeOfParallelism = threads });
        return (z, forces);
    }

    [Fact]
    public void Repulsion_ThetaZero_EqualsTheSumOverAllOtherPoints()
    {
        var points = Points(400, 1);
        // Duplicates: point 7 twice more, and 40 copies of point 9, so that a leaf at the deepest level overflows.
        points = [.. points, points[14], points[15], points[14], points[15], .. Enumerable.Range(0, 40).SelectMany(_ => new[] { points[18], points[19] })];

        var (z, forces) = Repulsion(points, 0);

        for (int i = 0; i < points.Length / 2; i++)
        {
            var exact = Exact(points, i);
            Assert.Equal(exact.Z, z[i], 1e-9);
            Assert.Equal(exact.X, forces[2 * i], 1e-9);
            Assert.Equal(exact.Y, forces[(2 * i) + 1], 1e-9);
        }
    }

    [Fact]
    public void Repulsion_OneOrTwoThreads_SameSums()
    {
        var points = Points(3000, 3);

        var one = Repulsion(points, 0.25, threads: 1);
        var two = Repulsion(points, 0.25, threads: 2);

        Assert.Equal(one.Z, two.Z);
        Assert.Equal(one.Forces, two.Forces);
    }

    [Fact]
    public void Repulsion_ThetaHalf_StaysCloseToTheExactSum()
    {
        var points = Points(2000, 2);
        var (zs, forces) = Repulsion(points, 0.25);
        double worstZ = 0, worstForce = 0;
        for (int i = 0; i < 2000; i += 7)
        {
            double z = zs[i], fx = forces[2 * i], fy = forces[(2 * i) + 1];
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
        double[] points = [.. Enumerable.Range(0, 50).SelectMany(_ => new[] { 1.0, 2.0 })];

        var (z, forces) = Repulsion(points, 0.25);

        Assert.All(z, v => Assert.Equal(49, v));
        Assert.All(forces, f => Assert.Equal(0, f));
    }
}
