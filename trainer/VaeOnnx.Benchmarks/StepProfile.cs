using System.Diagnostics;
using VaeOnnx.Data;
using VaeOnnx.Trainer.Model;
using VaeOnnx.Trainer.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>Where a training step's time goes: the step of <see cref="VaeTrainer"/> cut into timed phases.</summary>
public static class StepProfile
{
    /// <summary>Mean milliseconds per step of each phase.</summary>
    public sealed record Phases(double Data, double Forward, double Loss, double Backward, double Optimizer)
    {
        public double Total => Data + Forward + Loss + Backward + Optimizer;
    }

    /// <summary>
    /// Times <paramref name="steps"/> steps (after a warm-up) of batch 128 at the current thread count, with the
    /// product's flat Adam or, for comparison, TorchSharp's per-tensor <c>optim.Adam</c>.
    /// </summary>
    internal static Phases Measure(LabeledImages train, bool flatAdam, int steps = 150, int warmup = 30)
    {
        manual_seed(1);
        using var model = new Vae(400, 2);
        using var flat = flatAdam ? new FlatAdam(model.parameters(), 1e-3) : null;
        using var torchAdam = flatAdam ? null : optim.Adam(model.parameters(), 1e-3);
        using var data = TensorDataset.From(train, CPU);
        using var generator = new Generator(1);
        using var permutation = randperm(data.Count, generator: generator);
        var ticks = new long[5];
        var clock = new Stopwatch();
        for (int step = 0; step < warmup + steps; step++)
        {
            using var scope = NewDisposeScope();
            bool timed = step >= warmup;
            int start = (step * 128) % (data.Count - 128);

            clock.Restart();
            var x = data.Images.index_select(0, permutation.narrow(0, start, 128));
            var noise = randn([128, 2], generator: generator);
            Lap(0);
            var (logits, mu, logVar) = model.call(x, noise);
            Lap(1);
            var (total, _, _) = VaeLoss.Compute(logits, x, mu, logVar);
            Lap(2);
            if (flat is not null)
            {
                flat.ZeroGrad();
            }
            else
            {
                torchAdam!.zero_grad();
            }
            total.backward();
            Lap(3);
            if (flat is not null)
            {
                flat.Step();
            }
            else
            {
                torchAdam!.step();
            }
            _ = total.item<float>();
            Lap(4);
            if (step % 50 == 49)
            {
                GC.Collect();
            }

            void Lap(int phase)
            {
                if (timed)
                {
                    ticks[phase] += clock.ElapsedTicks;
                }
                clock.Restart();
            }
        }
        double Ms(int phase) => ticks[phase] * 1000.0 / Stopwatch.Frequency / steps;
        return new Phases(Ms(0), Ms(1), Ms(2), Ms(3), Ms(4));
    }
}
