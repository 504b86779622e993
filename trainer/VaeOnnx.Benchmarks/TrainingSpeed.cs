using VaeOnnx.Data;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Trainer.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>Seconds per epoch of the product's own <see cref="VaeTrainer"/> at the default settings.</summary>
internal static class TrainingSpeed
{
    /// <summary>FLOPs of one training step per sample for an I-H-L VAE: forward, plus backward without the input gradient.</summary>
    public static double FlopsPerSample(int input, int hidden, int latent)
    {
        double encoderFc = 2.0 * input * hidden;
        double heads = 2 * (2.0 * hidden * latent);
        double decoderFc = 2.0 * latent * hidden;
        double decoderOut = 2.0 * hidden * input;
        double forward = encoderFc + heads + decoderFc + decoderOut;
        // Backward: a weight gradient for every layer and an input gradient for all but the first.
        return forward + forward + (forward - encoderFc);
    }

    /// <summary>Trains warm-up + measured epochs in a scratch folder and returns the measured epochs' seconds.</summary>
    public static IReadOnlyList<double> EpochSeconds(LabeledImages train, LabeledImages test, int threads, int warmupEpochs, int measuredEpochs)
    {
        set_num_threads(threads);
        string scratch = Directory.CreateTempSubdirectory("vae-bench-").FullName;
        try
        {
            var options = new TrainerOptions { Epochs = warmupEpochs + measuredEpochs, Threads = threads, Out = scratch, NoExport = true };
            using var trainer = new VaeTrainer(options, CPU, train, test);
            trainer.Run(new SilentObserver(), Path.Combine(scratch, Checkpoint.FileName), CancellationToken.None);
            return [.. trainer.History.Skip(warmupEpochs).Select(e => e.Seconds)];
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed class SilentObserver : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int steps, int firstStep)
        {
        }

        public void StepFinished(int epoch, int step, double runningLoss)
        {
        }

        public void EpochFinished(EpochStats stats, int epochs) =>
            Console.Error.WriteLine(FormattableString.Invariant($"  epoch {stats.Epoch}: {stats.Seconds:F2} s, train loss {stats.Train.Loss:F2}"));

        public void Log(string message)
        {
        }
    }
}
