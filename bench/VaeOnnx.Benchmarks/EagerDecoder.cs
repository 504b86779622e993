using System.Diagnostics;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>The decoder in TorchSharp eager mode (eval, no grad, Sigmoid applied) — what ONNX Runtime is compared with.</summary>
internal static class EagerDecoder
{
    /// <summary>Latency in milliseconds per call at <paramref name="batch"/> (warm-up excluded).</summary>
    public static Spread Measure(Vae model, int batch, TimeSpan budget, int minRepetitions = 50)
    {
        model.eval();
        using var _ = no_grad();
        using var z = randn(batch, model.LatentSize);
        // A conditional decoder also takes the one-hot label; its cost is part of decoding.
        using var labels = model.Signature.IsConditional ? randint(0, model.Signature.Conditioning.Classes, [batch], dtype: ScalarType.Int64) : null;
        using var condition = model.Condition(labels);
        for (int i = 0; i < 20; i++)
        {
            using var warm = model.Decoder.call(z, condition).sigmoid_();
        }
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < minRepetitions || total.Elapsed < budget)
        {
            var clock = Stopwatch.StartNew();
            using var image = model.Decoder.call(z, condition).sigmoid_();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (times.Count >= 100_000)
            {
                break;
            }
        }
        return Spread.Of(times);
    }
}
