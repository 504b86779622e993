namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// Checks that a mean and two unit vectors are the mean and first two principal components of a set of codes, from
/// the covariance computed directly (no power iteration): each vector is an eigenvector (C·v = (vᵀCv)·v), and no unit
/// direction has more variance than the first, nor any direction orthogonal to the first more than the second.
/// </summary>
internal static class PrincipalAxes
{
    public static void AssertArePrincipal(float[] codes, int dim, float[] mean, float[] first, float[] second, double tolerance = 1e-3)
    {
        int rows = codes.Length / dim;
        var expectedMean = new double[dim];
        for (int i = 0; i < codes.Length; i++)
        {
            expectedMean[i % dim] += codes[i] / (double)rows;
        }
        var covariance = new double[dim, dim];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < dim; j++)
            {
                for (int k = 0; k < dim; k++)
                {
                    covariance[j, k] += (codes[(r * dim) + j] - expectedMean[j]) * (codes[(r * dim) + k] - expectedMean[k]) / rows;
                }
            }
        }
        double scale = Enumerable.Range(0, dim).Sum(k => covariance[k, k]);
        for (int k = 0; k < dim; k++)
        {
            Assert.Equal(expectedMean[k], mean[k], 4);
        }
        double[] u = [.. first.Select(v => (double)v)];
        double[] w = [.. second.Select(v => (double)v)];
        Assert.Equal(1, Dot(u, u), 4);
        Assert.Equal(1, Dot(w, w), 4);
        Assert.Equal(0, Dot(u, w), 4);
        double first1 = Rayleigh(covariance, u), second2 = Rayleigh(covariance, w);
        foreach (var (v, lambda) in new[] { (u, first1), (w, second2) })
        {
            var cv = Apply(covariance, v);
            for (int k = 0; k < dim; k++)
            {
                Assert.True(Math.Abs(cv[k] - (lambda * v[k])) <= tolerance * scale, $"not an eigenvector: (C·v)[{k}] = {cv[k]}, λ·v[{k}] = {lambda * v[k]}");
            }
        }
        Assert.True(first1 >= second2);
        var random = new Random(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            var d = Enumerable.Range(0, dim).Select(_ => random.NextDouble() - 0.5).ToArray();
            Normalise(d);
            Assert.True(Rayleigh(covariance, d) <= first1 + (tolerance * scale), "a direction with more variance than PC1");
            double along = Dot(d, u);
            for (int k = 0; k < dim; k++)
            {
                d[k] -= along * u[k];
            }
            Normalise(d);
            Assert.True(Rayleigh(covariance, d) <= second2 + (tolerance * scale), "a direction orthogonal to PC1 with more variance than PC2");
        }
    }

    private static double[] Apply(double[,] matrix, double[] v)
    {
        int n = v.Length;
        var result = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < n; k++)
            {
                result[j] += matrix[j, k] * v[k];
            }
        }
        return result;
    }

    private static double Rayleigh(double[,] matrix, double[] v) => Dot(v, Apply(matrix, v));

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static void Normalise(double[] v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        for (int k = 0; k < v.Length; k++)
        {
            v[k] /= norm;
        }
    }
}
