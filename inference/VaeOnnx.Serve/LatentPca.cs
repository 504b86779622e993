namespace VaeOnnx.Serve;

/// <summary>
/// The plane the explorer's map shows for a latent space of more than two dimensions: the mean of the test-set codes
/// and their first two principal components, so that a point (a, b) on the map stands for the code
/// mean + a·PC1 + b·PC2 — a representative code, where setting the other dimensions to 0 would not be. Computed once
/// at startup by orthogonal (block power) iteration on the centred codes, O(N·d) per step without forming the d×d
/// covariance, then a Rayleigh–Ritz step that separates the two components exactly within the converged plane.
/// </summary>
internal sealed class LatentPca
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-12;

    private LatentPca(float[] mean, float[] first, float[] second, double firstVariance, double secondVariance, double totalVariance)
    {
        Mean = mean;
        First = first;
        Second = second;
        FirstVariance = firstVariance;
        SecondVariance = secondVariance;
        TotalVariance = totalVariance;
    }

    /// <summary>Mean code (the map's origin).</summary>
    public float[] Mean { get; }

    /// <summary>First principal component, unit length, its largest-magnitude entry positive.</summary>
    public float[] First { get; }

    /// <summary>Second principal component, unit length and orthogonal to <see cref="First"/>, same sign rule.</summary>
    public float[] Second { get; }

    /// <summary>Variance of the codes along <see cref="First"/>.</summary>
    public double FirstVariance { get; }

    /// <summary>Variance along <see cref="Second"/>.</summary>
    public double SecondVariance { get; }

    /// <summary>Total variance (the trace of the covariance).</summary>
    public double TotalVariance { get; }

    /// <summary>The mean and first two principal components of <paramref name="rows"/> codes of <paramref name="dim"/> ≥ 2 values (row-major).</summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions, no rows, or a length that is not rows × dim.</exception>
    public static LatentPca Fit(ReadOnlySpan<float> codes, int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (codes.Length != rows * dim)
        {
            throw new ArgumentException($"{codes.Length} values are not {rows} codes of {dim}", nameof(codes));
        }
        var mean = new double[dim];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < dim; k++)
            {
                mean[k] += codes[(r * dim) + k];
            }
        }
        for (int k = 0; k < dim; k++)
        {
            mean[k] /= rows;
        }
        double total = 0;
        var centred = new double[rows * dim];
        for (int i = 0; i < centred.Length; i++)
        {
            centred[i] = codes[i] - mean[i % dim];
            total += centred[i] * centred[i];
        }
        total /= rows;

        // Start from the two coordinate axes of largest variance: deterministic, and never orthogonal to the answer
        // unless the data is degenerate.
        var variances = new double[dim];
        for (int i = 0; i < centred.Length; i++)
        {
            variances[i % dim] += centred[i] * centred[i];
        }
        int[] order = [.. Enumerable.Range(0, dim).OrderByDescending(k => variances[k]).ThenBy(k => k)];
        var q1 = new double[dim];
        var q2 = new double[dim];
        q1[order[0]] = 1;
        q2[order[1]] = 1;
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            var (p1, p2) = (Covariance(centred, rows, dim, q1), Covariance(centred, rows, dim, q2));
            Orthonormalise(p1, p2);
            double change = Math.Max(1 - Math.Abs(Dot(p1, q1)), 1 - Math.Abs(Dot(p2, q2)));
            (q1, q2) = (p1, p2);
            if (change < Tolerance)
            {
                break;
            }
        }

        // Rayleigh–Ritz: the 2×2 covariance in the (q1, q2) basis, diagonalised by one rotation.
        var c1 = Covariance(centred, rows, dim, q1);
        var c2 = Covariance(centred, rows, dim, q2);
        double a = Dot(q1, c1), b = Dot(q1, c2), d = Dot(q2, c2);
        double angle = 0.5 * Math.Atan2(2 * b, a - d);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var first = new double[dim];
        var second = new double[dim];
        for (int k = 0; k < dim; k++)
        {
            first[k] = (cos * q1[k]) + (sin * q2[k]);
            second[k] = (-sin * q1[k]) + (cos * q2[k]);
        }
        double v1 = Dot(first, Covariance(centred, rows, dim, first));
        double v2 = Dot(second, Covariance(centred, rows, dim, second));
        if (v2 > v1)
        {
            (first, second, v1, v2) = (second, first, v2, v1);
        }
        return new LatentPca(ToFloats(mean), ToFloats(SignFixed(first)), ToFloats(SignFixed(second)), v1, v2, total);
    }

    /// <summary>Coordinates of a code on the plane: its offsets from the mean along the two components.</summary>
    public (double A, double B) Project(ReadOnlySpan<float> code)
    {
        double a = 0, b = 0;
        for (int k = 0; k < Mean.Length; k++)
        {
            double centred = code[k] - Mean[k];
            a += centred * First[k];
            b += centred * Second[k];
        }
        return (a, b);
    }

    /// <summary>The covariance applied to <paramref name="v"/>: Xᵀ(X v) / N over the centred rows X.</summary>
    private static double[] Covariance(double[] centred, int rows, int dim, double[] v)
    {
        var result = new double[dim];
        for (int r = 0; r < rows; r++)
        {
            var row = centred.AsSpan(r * dim, dim);
            double p = 0;
            for (int k = 0; k < dim; k++)
            {
                p += row[k] * v[k];
            }
            for (int k = 0; k < dim; k++)
            {
                result[k] += p * row[k];
            }
        }
        for (int k = 0; k < dim; k++)
        {
            result[k] /= rows;
        }
        return result;
    }

    /// <summary>Gram–Schmidt on two vectors; a vector that vanishes (degenerate data) becomes an axis orthogonal to the other.</summary>
    private static void Orthonormalise(double[] u, double[] v)
    {
        if (!Normalise(u))
        {
            Array.Clear(u);
            u[0] = 1;
        }
        double projection = Dot(u, v);
        for (int k = 0; k < v.Length; k++)
        {
            v[k] -= projection * u[k];
        }
        if (!Normalise(v))
        {
            Array.Clear(v);
            int axis = Math.Abs(u[0]) < 0.9 ? 0 : 1;
            v[axis] = 1;
            Orthonormalise(u, v);
        }
    }

    private static bool Normalise(double[] v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        if (!(norm > 1e-300))
        {
            return false;
        }
        for (int k = 0; k < v.Length; k++)
        {
            v[k] /= norm;
        }
        return true;
    }

    private static double Dot(double[] u, double[] v)
    {
        double sum = 0;
        for (int k = 0; k < u.Length; k++)
        {
            sum += u[k] * v[k];
        }
        return sum;
    }

    /// <summary>Eigenvectors have no sign of their own: make the largest-magnitude entry positive, so runs agree.</summary>
    private static double[] SignFixed(double[] v)
    {
        int largest = 0;
        for (int k = 1; k < v.Length; k++)
        {
            if (Math.Abs(v[k]) > Math.Abs(v[largest]))
            {
                largest = k;
            }
        }
        if (v[largest] < 0)
        {
            for (int k = 0; k < v.Length; k++)
            {
                v[k] = -v[k];
            }
        }
        return v;
    }

    private static float[] ToFloats(double[] values) => [.. values.Select(v => (float)v)];
}
