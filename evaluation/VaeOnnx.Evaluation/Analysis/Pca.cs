namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// Principal component analysis of row vectors: sample covariance (divisor n-1) and its eigenvectors, by hand
/// (the latent dimension is small). Components are sorted by explained variance, each with its largest entry
/// positive.
/// </summary>
/// <param name="Mean">Mean of the rows.</param>
/// <param name="Components">Unit principal axes, <c>Components[k]</c> of length <c>Dimension</c>.</param>
/// <param name="ExplainedVariance">Variance along each axis (eigenvalues of the covariance).</param>
public sealed record Pca(double[] Mean, double[][] Components, double[] ExplainedVariance)
{
    /// <summary>Dimension of the input vectors.</summary>
    public int Dimension => Mean.Length;

    /// <summary>Share of the total variance per component.</summary>
    public double[] ExplainedVarianceRatio
    {
        get
        {
            double total = ExplainedVariance.Sum(v => Math.Max(v, 0));
            return [.. ExplainedVariance.Select(v => total > 0 ? Math.Max(v, 0) / total : 0)];
        }
    }

    /// <summary>Fits on <paramref name="count"/> rows of <paramref name="dimension"/> values, row-major.</summary>
    public static Pca Fit(ReadOnlySpan<float> rows, int count, int dimension)
    {
        if (rows.Length != (long)count * dimension || count < 2 || dimension < 1)
        {
            throw new ArgumentException($"need at least 2 rows of {dimension} values; got {rows.Length} values for {count} rows");
        }
        var mean = new double[dimension];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < dimension; d++)
            {
                mean[d] += rows[(i * dimension) + d];
            }
        }
        for (int d = 0; d < dimension; d++)
        {
            mean[d] /= count;
        }
        var cov = new double[dimension, dimension];
        var centred = new double[dimension];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < dimension; d++)
            {
                centred[d] = rows[(i * dimension) + d] - mean[d];
            }
            for (int p = 0; p < dimension; p++)
            {
                for (int q = p; q < dimension; q++)
                {
                    cov[p, q] += centred[p] * centred[q];
                }
            }
        }
        for (int p = 0; p < dimension; p++)
        {
            for (int q = p; q < dimension; q++)
            {
                cov[p, q] /= count - 1;
                cov[q, p] = cov[p, q];
            }
        }
        var (values, vectors) = SymmetricEigen.Decompose(cov);
        return new Pca(mean, vectors, values);
    }

    /// <summary>Projects rows onto the first <paramref name="components"/> axes: <c>[count, components]</c> row-major.</summary>
    public double[] Project(ReadOnlySpan<float> rows, int components = 2)
    {
        int dimension = Dimension;
        int count = rows.Length / dimension;
        var result = new double[count * components];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < components; k++)
            {
                double s = 0;
                var axis = Components[k];
                for (int d = 0; d < dimension; d++)
                {
                    s += (rows[(i * dimension) + d] - Mean[d]) * axis[d];
                }
                result[(i * components) + k] = s;
            }
        }
        return result;
    }

    /// <summary>The point <c>Mean + a·PC1 + b·PC2</c> in the original space, as float32.</summary>
    public float[] FromPlane(double a, double b)
    {
        var z = new float[Dimension];
        for (int d = 0; d < Dimension; d++)
        {
            z[d] = (float)(Mean[d] + (a * Components[0][d]) + (Components.Length > 1 ? b * Components[1][d] : 0));
        }
        return z;
    }
}
