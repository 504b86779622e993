namespace VaeOnnx.Evaluation.Analysis;

/// <summary>The standard normal distribution: quantiles and seeded samples.</summary>
public static class NormalDistribution
{
    private static readonly double[] A = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] B = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>
    /// Inverse of the standard normal CDF (SciPy's <c>norm.ppf</c>) by Acklam's rational approximation, relative
    /// error below 1.2e-9 — plenty for placing grid points.
    /// </summary>
    public static double Quantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }
        if (p == 0)
        {
            return double.NegativeInfinity;
        }
        if (p == 1)
        {
            return double.PositiveInfinity;
        }
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return Polynomial(C, q) / ((Polynomial(D, q) * q) + 1);
        }
        if (p > 1 - low)
        {
            return -Quantile(1 - p);
        }
        double u = p - 0.5, r = u * u;
        return Polynomial(A, r) * u / ((Polynomial(B, r) * r) + 1);
    }

    // Horner evaluation of c[0]·x^(k-1) + … + c[k-1].
    private static double Polynomial(double[] coefficients, double x)
    {
        double result = 0;
        foreach (double c in coefficients)
        {
            result = (result * x) + c;
        }
        return result;
    }

    /// <summary>Standard normal float32 samples from a seeded generator (Box–Muller), reproducible per seed.</summary>
    public static float[] Samples(int count, int seed)
    {
        var random = new Random(seed);
        var result = new float[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            result[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count)
            {
                result[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
        return result;
    }
}
