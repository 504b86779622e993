namespace VaeOnnx.Data;

/// <summary>Quantiles of sorted samples, the one definition every report uses.</summary>
public static class Quantiles
{
    /// <summary>
    /// The <paramref name="q"/>-quantile (q in [0,1]) of ascending <paramref name="sorted"/> values by linear
    /// interpolation between the closest ranks — numpy's default (<c>method="linear"</c>).
    /// </summary>
    /// <exception cref="ArgumentException">No values, or q outside [0,1].</exception>
    public static double Linear(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "quantile must be in [0, 1]");
        }
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
