namespace VaeOnnx.Inference;

/// <summary>
/// Latent codes on a regular grid over two latent dimensions, for "manifold" pictures: the other dimensions are 0
/// (the prior mean). Rows run from high to low values of the second dimension (top = high, like a plot's y axis),
/// columns from low to high values of the first.
/// </summary>
public static class LatentGrid
{
    /// <summary>
    /// <paramref name="size"/> values along one axis: evenly spaced in [-range, range], or, with
    /// <paramref name="quantiles"/>, standard-normal quantiles of evenly spaced probabilities in [0.05, 0.95]
    /// (as in Kingma &amp; Welling's figures), ascending.
    /// </summary>
    public static float[] Axis(int size, float range = 3f, bool quantiles = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (!quantiles && !(range > 0f && float.IsFinite(range)))
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "range must be a positive finite number");
        }
        var axis = new float[size];
        for (int i = 0; i < size; i++)
        {
            double t = size == 1 ? 0.5 : (double)i / (size - 1);
            axis[i] = quantiles ? (float)NormalQuantile(0.05 + (0.9 * t)) : (float)(-range + (2 * range * t));
        }
        return axis;
    }

    /// <summary>
    /// <paramref name="size"/>² codes of <paramref name="latentDim"/> values, row-major over the picture (see the
    /// class remarks), varying dimensions <paramref name="dimX"/> (columns) and <paramref name="dimY"/> (rows).
    /// With a one-dimensional latent space the result is a single row of <paramref name="size"/> codes.
    /// </summary>
    public static float[] Plane(int latentDim, int size, float range = 3f, bool quantiles = false, int dimX = 0, int dimY = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentDim);
        var axis = Axis(size, range, quantiles);
        if (dimX < 0 || dimX >= latentDim)
        {
            throw new ArgumentOutOfRangeException(nameof(dimX), dimX, $"dimension must be in [0, {latentDim - 1}]");
        }
        if (latentDim == 1)
        {
            return axis;
        }
        if (dimY < 0 || dimY >= latentDim || dimY == dimX)
        {
            throw new ArgumentOutOfRangeException(nameof(dimY), dimY, $"dimension must be in [0, {latentDim - 1}] and differ from {dimX}");
        }
        var z = new float[size * size * latentDim];
        for (int row = 0; row < size; row++)
        {
            for (int col = 0; col < size; col++)
            {
                int offset = ((row * size) + col) * latentDim;
                z[offset + dimX] = axis[col];
                z[offset + dimY] = axis[size - 1 - row];
            }
        }
        return z;
    }

    /// <summary>Inverse of the standard normal CDF (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "probability must be in (0, 1)");
        }
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
