using VaeOnnx.Data;

namespace VaeOnnx.Evaluation.Metrics;

/// <summary>
/// Summary of a sample: mean, standard deviation, median, extremes and the 5/25/75/95th percentiles.
/// </summary>
/// <remarks>
/// Only finite values enter the summary; <see cref="NonFiniteCount"/> says how many were left out (a PSNR of +∞
/// for a perfect reconstruction, say). <see cref="Std"/> is the population standard deviation (NumPy's default
/// <c>ddof=0</c>); percentiles are <see cref="Quantiles.Linear"/> (NumPy's default method).
/// With no finite value every statistic is NaN.
/// </remarks>
public sealed record DescriptiveStatistics(
    int Count, int NonFiniteCount, double Mean, double Std, double Median, double Min, double Max,
    double P5, double P25, double P75, double P95)
{
    /// <summary>Summarises <paramref name="values"/>.</summary>
    public static DescriptiveStatistics Compute(ReadOnlySpan<double> values)
    {
        var finite = new double[values.Length];
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                finite[n++] = v;
            }
        }
        int nonFinite = values.Length - n;
        if (n == 0)
        {
            return new DescriptiveStatistics(0, nonFinite, double.NaN, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        var sorted = finite.AsSpan(0, n);
        sorted.Sort();
        double sum = 0;
        foreach (double v in sorted)
        {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        foreach (double v in sorted)
        {
            squares += (v - mean) * (v - mean);
        }
        return new DescriptiveStatistics(n, nonFinite, mean, Math.Sqrt(squares / n), Quantiles.Linear(sorted, 0.5),
            sorted[0], sorted[^1], Quantiles.Linear(sorted, 0.05), Quantiles.Linear(sorted, 0.25), Quantiles.Linear(sorted, 0.75),
            Quantiles.Linear(sorted, 0.95));
    }

    /// <summary>Summaries of <paramref name="values"/> grouped by <paramref name="labels"/> (0..classes-1).</summary>
    public static DescriptiveStatistics[] ComputeByClass(ReadOnlySpan<double> values, ReadOnlySpan<byte> labels, int classes)
    {
        if (values.Length != labels.Length)
        {
            throw new ArgumentException($"{values.Length} values but {labels.Length} labels");
        }
        var groups = new List<double>[classes];
        for (int c = 0; c < classes; c++)
        {
            groups[c] = [];
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (labels[i] < classes)
            {
                groups[labels[i]].Add(values[i]);
            }
        }
        return [.. groups.Select(g => Compute(g.ToArray()))];
    }
}
