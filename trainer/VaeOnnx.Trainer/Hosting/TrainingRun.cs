using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using VaeOnnx.Data;
using VaeOnnx.Inference.Models;
using VaeOnnx.Trainer.Export;
using VaeOnnx.Trainer.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>One `vae-train` invocation: data, device and threads, the loop, weights, history and export.</summary>
internal sealed class TrainingRun(TrainerOptions options, ConsoleProgress progress)
{
    /// <summary>Final weights (TorchSharp state dict of the whole VAE).</summary>
    public const string WeightsFile = "vae.weights";

    public int Execute(CancellationToken stop)
    {
        var wall = Stopwatch.StartNew();
        var effective = EffectiveOptions();
        // Fail on an unusable --out before spending time on data and threads.
        try
        {
            Directory.CreateDirectory(effective.Out);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(effective.Out, $"cannot create the output folder given by --out ({e.Message})", e);
        }
        int threads = NativeThreading.Configure(effective.Threads);
        var device = SelectDevice(effective.Device);
        progress.Log($"device {device.type.ToString().ToLowerInvariant()}, {threads} CPU thread(s), TorchSharp {TorchSharpVersion()}");

        var clock = Stopwatch.StartNew();
        var trainImages = MnistDataset.Load(effective.Data, DatasetSplit.Train).Take(Limit(effective.TrainLimit));
        var testImages = MnistDataset.Load(effective.Data, DatasetSplit.Test).Take(Limit(effective.TestLimit));
        var dataset = new DatasetInfo(effective.Data, new DirectoryInfo(effective.Data).Name, MnistDataset.Fingerprint(effective.Data),
            trainImages.Count, testImages.Count);
        progress.Log($"data {effective.Data}: {trainImages.Count:N0} train / {testImages.Count:N0} test images, sha256 {dataset.Sha256[..12]}…, loaded in {clock.Elapsed.TotalSeconds:F2} s");

        string checkpointPath = Path.Combine(effective.Out, Checkpoint.FileName);
        using var trainer = new VaeTrainer(effective, device, trainImages, testImages);
        if (!string.IsNullOrEmpty(effective.Resume))
        {
            progress.Log($"resumed from {effective.Resume}: {trainer.Position}");
        }
        progress.Log($"model fc {LabeledImages.PixelsPerImage}-{effective.HiddenDim}-{effective.LatentDim}, batch {effective.BatchSize}, Adam lr {effective.Lr.ToString(CultureInfo.InvariantCulture)}, {effective.Epochs} epochs, seed {effective.Seed}");

        var environment = new RunEnvironment(Environment.MachineName, RuntimeInformation.OSDescription,
            Environment.ProcessorCount, threads, device.type.ToString().ToLowerInvariant(), Environment.Version.ToString(), TorchSharpVersion(), GitCommit());
        // The history is rewritten after every epoch (beside the checkpoint), so a run can be watched as it goes.
        var observer = new AfterEachEpoch(progress, () => WriteHistory(effective, environment, dataset, trainer, "running", wall.Elapsed.TotalSeconds, null));
        int steps = (trainImages.Count + effective.BatchSize - 1) / effective.BatchSize;
        var outcome = progress.Track(effective.Epochs, steps, trainer.EpochsCompleted, () => trainer.Run(observer, checkpointPath, stop));

        if (outcome == TrainingOutcome.Interrupted)
        {
            WriteHistory(effective, environment, dataset, trainer, "interrupted", wall.Elapsed.TotalSeconds, null);
            progress.Log($"interrupted: checkpoint written to {checkpointPath}");
            progress.Log($"resume with: make train RESUME={checkpointPath}   (or vae-train --resume {checkpointPath})");
            return ExitCodes.Interrupted;
        }

        AtomicFile.Write(Path.Combine(effective.Out, WeightsFile), stream =>
        {
            // Module.save(Stream) closes the stream; a writer that leaves it open keeps the atomic write intact.
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            trainer.Model.save(writer);
        });
        var last = trainer.History[^1];
        ParityReport? parity = null;
        if (!effective.NoExport)
        {
            clock.Restart();
            var info = ModelExport.Info(dataset, effective, trainer.History, environment.GitCommit);
            parity = VaeOnnxExport.Export(trainer.Model, effective.Out, info, trainer.TestImages, effective.Seed);
            progress.Log($"exported {VaeContract.EncoderFile} and {VaeContract.DecoderFile} in {clock.Elapsed.TotalSeconds:F2} s; ONNX Runtime parity: {parity.Describe()}");
        }
        WriteHistory(effective, environment, dataset, trainer, "completed", wall.Elapsed.TotalSeconds, parity);
        progress.Log(string.Create(CultureInfo.InvariantCulture,
            $"done in {wall.Elapsed.TotalSeconds:F1} s: final train {last.Train.Loss:F2}, test {last.Test.Loss:F2}; outputs in {effective.Out}/"));
        return ExitCodes.Success;
    }

    /// <summary>On resume, the model-shaping options come from the checkpoint; run-level ones from this call.</summary>
    private TrainerOptions EffectiveOptions()
    {
        if (string.IsNullOrEmpty(options.Resume))
        {
            return options;
        }
        var (saved, _) = Checkpoint.ReadHeader(options.Resume);
        return saved with
        {
            Epochs = options.Epochs,
            Out = options.Out,
            Threads = options.Threads,
            Device = options.Device,
            Resume = options.Resume,
            NoExport = options.NoExport,
        };
    }

    private Device SelectDevice(string requested)
    {
        if (requested == "cpu")
        {
            return CPU;
        }
        if (cuda.is_available())
        {
            return CUDA;
        }
        if (requested == "cuda")
        {
            progress.Log("CUDA requested but not available (CPU TorchSharp backend or no GPU): training on CPU");
        }
        return CPU;
    }

    internal static int? Limit(int limit) => limit > 0 ? limit : null;

    private static void WriteHistory(TrainerOptions options, RunEnvironment environment, DatasetInfo dataset, VaeTrainer trainer,
        string outcome, double seconds, ParityReport? parity) =>
        AtomicFile.WriteAllText(Path.Combine(options.Out, VaeContract.HistoryFile),
            new TrainingHistory(options, environment, dataset, trainer.History, outcome, seconds, parity).ToJson());

    private static string TorchSharpVersion() =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    /// <summary>The commit this program was built from, as the SDK stamps it into the informational version.</summary>
    internal static string? GitCommit()
    {
        string? version = typeof(TrainingRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : null;
    }

    /// <summary>Forwards everything to the console and runs an action after each epoch.</summary>
    private sealed class AfterEachEpoch(ITrainingObserver inner, Action action) : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int steps, int firstStep) => inner.EpochStarted(epoch, epochs, steps, firstStep);

        public void StepFinished(int epoch, int step, double runningLoss) => inner.StepFinished(epoch, step, runningLoss);

        public void EpochFinished(EpochStats stats, int epochs)
        {
            inner.EpochFinished(stats, epochs);
            action();
        }

        public void Log(string message) => inner.Log(message);
    }
}
