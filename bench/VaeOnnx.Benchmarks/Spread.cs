using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks;

/// <summary>Min / median / max (and p95) of repeated measurements, in the unit they were taken in.</summary>
public sealed record Spread(double Min, double Median, double Max, double P95, int Count)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return new Spread(sorted[0], Quantiles.Linear(sorted, 0.5), sorted[^1], Quantiles.Linear(sorted, 0.95), sorted.Length);
    }
}
