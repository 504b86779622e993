namespace VaeOnnx.Evaluation.Analysis;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations.</summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues in descending order and the matching unit eigenvectors (<c>Vectors[k]</c> belongs to
    /// <c>Values[k]</c>). Each eigenvector's largest-magnitude entry is made positive, so the result is
    /// deterministic. The input is not modified; only its upper triangle is trusted to be symmetric.
    /// </summary>
    public static (double[] Values, double[][] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException("matrix must be square");
        }
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, scale = 0;
            for (int p = 0; p < n; p++)
            {
                scale += a[p, p] * a[p, p];
                for (int q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }
            if (off <= 1e-30 * Math.Max(scale, double.Epsilon))
            {
                break;
            }
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = order.Select(i =>
        {
            var vec = Enumerable.Range(0, n).Select(k => v[k, i]).ToArray();
            int largest = 0;
            for (int k = 1; k < n; k++)
            {
                if (Math.Abs(vec[k]) > Math.Abs(vec[largest]) + 1e-12)
                {
                    largest = k;
                }
            }
            if (vec[largest] < 0)
            {
                for (int k = 0; k < n; k++)
                {
                    vec[k] = -vec[k];
                }
            }
            return vec;
        }).ToArray();
        return (values, vectors);
    }
}
