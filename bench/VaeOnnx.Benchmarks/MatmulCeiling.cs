using System.Diagnostics;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>The float32 matrix-multiply rate of this machine through libtorch: the ceiling training can approach.</summary>
internal static class MatmulCeiling
{
    /// <summary>GFLOP/s of a square <c>torch.mm</c> (best and median of several runs) at the current thread count.</summary>
    public static Spread Measure(int size = 2048, int repetitions = 8)
    {
        using var a = randn(size, size);
        using var b = randn(size, size);
        using var c = empty(size, size);
        mm(a, b).Dispose(); // warm-up: thread pool, caches
        var rates = new List<double>();
        for (int i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            using var product = mm(a, b);
            rates.Add(2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
        }
        return Spread.Of(rates);
    }
}
