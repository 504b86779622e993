using System.Diagnostics;
using VaeOnnx.Data;

namespace VaeOnnx.Cli.Bench;

/// <summary>How long and how often each case runs.</summary>
internal sealed record BenchSettings(int[] Batches, int MinReps, double MinSeconds, double MaxSeconds, int WarmupReps, int PassReps);

/// <summary>Latency summary of one case, in microseconds.</summary>
internal sealed record LatencyStats(int Reps, double P50Us, double P95Us, double MeanUs, double MinUs)
{
    public static LatencyStats Of(List<double> samplesUs)
    {
        var sorted = samplesUs.ToArray();
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, Quantiles.Linear(sorted, 0.50), Quantiles.Linear(sorted, 0.95), sorted.Average(), sorted[0]);
    }
}

/// <summary>
/// Times several implementations of the same case in interleaved rounds (A×k, B×k, C×k, A×k, ...), so noise from
/// other processes on a shared machine hits all of them alike. Warm-up runs are not recorded.
/// </summary>
internal static class Timing
{
    private const double RoundSeconds = 0.01;

    public static List<double>[] Interleaved(IReadOnlyList<Action> actions, BenchSettings settings)
    {
        double slowest = 0;
        foreach (var action in actions)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Math.Max(1, settings.WarmupReps); i++)
            {
                action();
            }
            slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(start).TotalSeconds / Math.Max(1, settings.WarmupReps));
        }
        int perRound = (int)Math.Clamp(RoundSeconds / Math.Max(slowest, 1e-9), 1, 500);
        var samples = actions.Select(_ => new List<double>()).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long begin = Stopwatch.GetTimestamp();
        double tickToUs = 1e6 / Stopwatch.Frequency;
        while (true)
        {
            for (int a = 0; a < actions.Count; a++)
            {
                var action = actions[a];
                var list = samples[a];
                for (int i = 0; i < perRound; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    action();
                    list.Add((Stopwatch.GetTimestamp() - t0) * tickToUs);
                }
            }
            double elapsed = Stopwatch.GetElapsedTime(begin).TotalSeconds;
            int fewest = samples.Min(s => s.Count);
            if (fewest >= settings.MinReps && elapsed >= settings.MinSeconds * actions.Count)
            {
                break;
            }
            if (elapsed >= settings.MaxSeconds * actions.Count && fewest >= 3)
            {
                break;
            }
        }
        return samples;
    }
}
