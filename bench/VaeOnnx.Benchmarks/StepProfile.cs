using System.Diagnostics;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>Where a training step's time goes: the trainer's own <see cref="TrainingStep"/> with a timer on its phases.</summary>
public static class StepProfile
{
    /// <summary>Mean milliseconds per step of each phase.</summary>
    public sealed record Phases(double Data, double Forward, double Loss, double Backward, double Optimizer)
    {
        public double Total => Data + Forward + Loss + Backward + Optimizer;
    }

    /// <summary>
    /// Times <paramref name="steps"/> steps (after a warm-up) of the default batch size at the current thread count,
    /// with the product's flat Adam or, for comparison, TorchSharp's per-tensor <c>optim.Adam</c>, in float32 or with
    /// the bfloat16 matrix products of <c>--precision bf16</c>.
    /// </summary>
    internal static Phases Measure(VaeSignature signature, LabeledImages train, bool flatAdam, TrainingPrecision precision = TrainingPrecision.Float32,
        int steps = 150, int warmup = 30)
    {
        // The training runs before leave thousands of tensors to finalise: let that finish first, so the finalizer
        // thread does not share the two cores with the phases timed (without this the optimizer phase read 1.35–1.39 ms
        // in three bench runs, with it 0.78).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int batch = new TrainingSettings().BatchSize;
        manual_seed(1);
        using var model = new Vae(signature);
        using var flat = flatAdam ? new FlatAdam(model.parameters(), 1e-3) : null;
        using var torchAdam = flatAdam ? null : new TorchAdam(model, 1e-3);
        var step = new TrainingStep(model, (IStepOptimizer?)flat ?? torchAdam!, precision: precision);
        using var data = TensorDataset.From(train, CPU, withLabels: signature.IsConditional);
        using var generator = new Generator(1);
        using var permutation = randperm(data.Count, generator: generator);
        var ticks = new long[5];
        var clock = new Stopwatch();
        for (int s = 0; s < warmup + steps; s++)
        {
            bool timed = s >= warmup;
            int start = (s * batch) % (data.Count - batch);
            using var indices = permutation.narrow(0, start, batch);
            clock.Restart();
            step.Run(data, indices, generator, phase =>
            {
                if (timed)
                {
                    ticks[(int)phase] += clock.ElapsedTicks;
                }
                clock.Restart();
            });
            if (s % 50 == 49)
            {
                GC.Collect();
            }
        }
        double Ms(StepPhase phase) => ticks[(int)phase] * 1000.0 / Stopwatch.Frequency / steps;
        return new Phases(Ms(StepPhase.Data), Ms(StepPhase.Forward), Ms(StepPhase.Loss), Ms(StepPhase.Backward), Ms(StepPhase.Optimizer));
    }

    /// <summary>TorchSharp's own per-tensor Adam behind the step's optimizer interface.</summary>
    private sealed class TorchAdam(Vae model, double learningRate) : IStepOptimizer, IDisposable
    {
        private readonly TorchSharp.Modules.Adam adam = optim.Adam(model.parameters(), learningRate);

        public void ZeroGrad() => adam.zero_grad();

        public void Step() => adam.step();

        public void Dispose() => adam.Dispose();
    }
}
