using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>Seconds per epoch of the product's own <see cref="VaeTrainer"/> at the default settings (or another precision).</summary>
internal static class TrainingSpeed
{
    /// <summary>
    /// Trains warm-up + measured epochs in a scratch folder and returns the measured epochs' seconds;
    /// <paramref name="afterMeasuredEpoch"/> runs after each measured epoch, outside its timing (the reference's epoch, in lockstep).
    /// </summary>
    public static IReadOnlyList<double> EpochSeconds(VaeSignature signature, LabeledImages train, LabeledImages test, int threads, int warmupEpochs, int measuredEpochs,
        TrainingPrecision precision = TrainingPrecision.Float32, Action? afterMeasuredEpoch = null)
    {
        set_num_threads(threads);
        string scratch = Directory.CreateTempSubdirectory("vae-bench-").FullName;
        try
        {
            var settings = new TrainingSettings { Epochs = warmupEpochs + measuredEpochs, Precision = precision };
            using var trainer = new VaeTrainer(signature, settings, CPU, train, test);
            trainer.Run(new SilentObserver(warmupEpochs, afterMeasuredEpoch), Path.Combine(scratch, ArtifactNames.Checkpoint), CancellationToken.None);
            return [.. trainer.History.Skip(warmupEpochs).Select(e => e.Seconds)];
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed class SilentObserver(int warmupEpochs, Action? afterMeasuredEpoch) : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int steps, int firstStep)
        {
        }

        public void StepFinished(int epoch, int step, double runningLoss)
        {
        }

        public void EpochFinished(EpochRecord stats, int epochs)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"  epoch {stats.Epoch}: {stats.Seconds:F2} s, train loss {stats.Train.Loss:F2}"));
            if (stats.Epoch > warmupEpochs)
            {
                afterMeasuredEpoch?.Invoke();
            }
        }

        public void Log(string message)
        {
        }
    }
}
