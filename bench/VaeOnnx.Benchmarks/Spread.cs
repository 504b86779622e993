namespace VaeOnnx.Benchmarks;

/// <summary>Min / median / max (and p95) of repeated measurements, in the unit they were taken in.</summary>
public sealed record Spread(double Min, double Median, double Max, double P95, int Count)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return new Spread(sorted[0], Percentile(sorted, 0.5), sorted[^1], Percentile(sorted, 0.95), sorted.Length);
    }

    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
