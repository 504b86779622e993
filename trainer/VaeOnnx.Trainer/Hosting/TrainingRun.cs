using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>One `vae-train` invocation: data, device and threads, the loop, weights, history and export.</summary>
internal sealed class TrainingRun(TrainerOptions options, ConsoleProgress progress)
{
    public int Execute(CancellationToken stop)
    {
        var wall = Stopwatch.StartNew();
        // Fail on an unusable --out before spending time on data and threads.
        AtomicFile.ProbeFolder(options.Out, "--out");
        var resumed = string.IsNullOrEmpty(options.Resume) ? null : Checkpoint.ReadHeader(options.Resume);
        if (resumed is not null)
        {
            RefuseConflicts(resumed);
        }
        // On resume, the model and how it is trained come from the checkpoint; only the epoch count may change.
        var settings = resumed is null ? options.ToSettings() : resumed.Training with { Epochs = options.Epochs };
        int threads = NativeSetup.Configure(options.Threads);
        var device = SelectDevice(options.Device);
        progress.Log($"device {device.type.ToString().ToLowerInvariant()}, {threads} CPU thread(s), TorchSharp {TorchSharpVersion()}, {MklDispatch.Description}");

        var clock = Stopwatch.StartNew();
        var trainImages = MnistDataset.Load(settings.Data, DatasetSplit.Train).Take(Limit(settings.TrainLimit));
        var testImages = MnistDataset.Load(settings.Data, DatasetSplit.Test).Take(Limit(settings.TestLimit));
        var dataset = new DatasetRecord(settings.Data, new DirectoryInfo(settings.Data).Name, MnistDataset.Fingerprint(settings.Data),
            trainImages.Count, testImages.Count);
        progress.Log($"data {settings.Data}: {trainImages.Count:N0} train / {testImages.Count:N0} test images of {trainImages.Rows}×{trainImages.Columns}, sha256 {dataset.Sha256[..12]}…, loaded in {clock.Elapsed.TotalSeconds:F2} s");
        var signature = resumed?.Signature ?? options.ToSignature(new ImageShape(1, trainImages.Rows, trainImages.Columns));

        string checkpointPath = Path.Combine(options.Out, ArtifactNames.Checkpoint);
        using var trainer = new VaeTrainer(signature, settings, device, trainImages, testImages, resumed is null ? null : options.Resume);
        if (resumed is not null)
        {
            progress.Log($"resumed from {options.Resume}: {trainer.Position}");
        }
        progress.Log($"model {signature.Describe()}, batch {settings.BatchSize}, Adam lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, {CliOptions.ChoiceName(settings.Precision)} matrix products, {settings.Epochs} epochs, seed {settings.Seed}");

        var environment = new RunEnvironment(Environment.MachineName, RuntimeInformation.OSDescription,
            Environment.ProcessorCount, threads, device.type.ToString().ToLowerInvariant(), Environment.Version.ToString(), TorchSharpVersion(), GitCommit()) { Blas = MklDispatch.Description };
        TrainingHistory History(string outcome, ParityReport? parity) => new()
        {
            Signature = signature,
            Training = settings,
            Environment = environment,
            Dataset = dataset,
            Epochs = trainer.History,
            Outcome = outcome,
            WallSeconds = wall.Elapsed.TotalSeconds,
            OnnxParity = parity,
        };
        // The history is rewritten after every epoch (beside the checkpoint), so a run can be watched as it goes.
        var observer = new AfterEachEpoch(progress, () => WriteHistory(History(TrainingHistory.Outcomes.Running, null)));
        var outcome = progress.Track(settings.Epochs, trainer.StepsPerEpoch, trainer.EpochsCompleted, () => trainer.Run(observer, checkpointPath, stop));

        if (outcome == TrainingOutcome.Interrupted)
        {
            WriteHistory(History(TrainingHistory.Outcomes.Interrupted, null));
            progress.Log($"interrupted: checkpoint written to {checkpointPath}");
            progress.Log($"resume with: make train RESUME={checkpointPath}   (or vae-train --resume {checkpointPath})");
            return ExitCodes.Interrupted;
        }

        AtomicFile.Write(Path.Combine(options.Out, ArtifactNames.Weights), stream =>
        {
            // Module.save(Stream) closes the stream; a writer that leaves it open keeps the atomic write intact.
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            trainer.Model.save(writer);
        });
        var last = trainer.History[^1];
        ParityReport? parity = null;
        if (!options.NoExport)
        {
            clock.Restart();
            var info = ModelExport.Info(dataset, settings, trainer.History, environment.GitCommit);
            parity = VaeOnnxExport.Export(trainer.Model, options.Out, info, trainer.TestData, settings.Seed);
            progress.Log($"exported {ArtifactNames.Encoder} and {ArtifactNames.Decoder} in {clock.Elapsed.TotalSeconds:F2} s; ONNX Runtime parity: {parity.Describe()}");
        }
        ClassifierRecord? classifier = null;
        if (!options.NoExport && !options.NoClassifier)
        {
            clock.Restart();
            classifier = LatentClassifierTraining.FitAndExport(trainer.Model, trainer.TrainData, trainImages.Labels, trainer.TestData, testImages.Labels,
                MnistDataset.Classes, options.Out, ModelExport.Info(dataset, settings, trainer.History, environment.GitCommit), settings.Seed);
            progress.Log(ModelExport.Describe(classifier, clock.Elapsed));
        }
        WriteHistory(History(TrainingHistory.Outcomes.Completed, parity) with { Classifier = classifier });
        progress.Log(string.Create(CultureInfo.InvariantCulture,
            $"done in {wall.Elapsed.TotalSeconds:F1} s: final train {last.Train.Loss:F2}, test {last.Test.Loss:F2}; outputs in {options.Out}/"));
        return ExitCodes.Success;
    }

    /// <summary>A switch given with a resume must agree with the checkpoint: the run continues that model, as trained.</summary>
    private void RefuseConflicts(CheckpointHeader resumed)
    {
        var requested = options.ToSignature(resumed.Signature.Image);
        var (had, asked) = (resumed.Signature, requested);
        var wanted = options.ToSettings();
        var (trained, settings) = (resumed.Training, wanted);
        (string Switch, bool Differs, string Checkpoint)[] checks =
        [
            ("--arch", had.Architecture.Id != asked.Architecture.Id, had.Architecture.Id),
            ("--hidden-dim", had.Architecture.HiddenDim != asked.Architecture.HiddenDim, $"{had.Architecture.HiddenDim}"),
            ("--latent-dim", had.LatentDim != asked.LatentDim, $"{had.LatentDim}"),
            ("--conditional", had.IsConditional != asked.IsConditional, had.IsConditional ? "conditional" : "unconditional"),
            ("--beta", trained.Beta != settings.Beta, FormattableString.Invariant($"β {trained.Beta}")),
            ("--precision", trained.Precision != settings.Precision, $"{CliOptions.ChoiceName(trained.Precision)} matrix products"),
            ("--batch-size", trained.BatchSize != settings.BatchSize, $"batch {trained.BatchSize}"),
            ("--lr", trained.LearningRate != settings.LearningRate, FormattableString.Invariant($"lr {trained.LearningRate}")),
            ("--seed", trained.Seed != settings.Seed, $"seed {trained.Seed}"),
            ("--data", trained.Data != settings.Data, trained.Data),
            ("--train-limit", trained.TrainLimit != settings.TrainLimit, $"train limit {trained.TrainLimit}"),
            ("--test-limit", trained.TestLimit != settings.TestLimit, $"test limit {trained.TestLimit}"),
        ];
        foreach (var (name, differs, checkpoint) in checks)
        {
            if (differs && options.Given.Contains(name))
            {
                throw new UsageException($"--resume {options.Resume}: the checkpoint holds a {had.Describe()} model trained with {checkpoint}; {name} asks otherwise (drop it to resume, or train a new model into another --out)");
            }
        }
    }

    private Device SelectDevice(ExecutionDevice requested)
    {
        if (requested == ExecutionDevice.Cpu)
        {
            return CPU;
        }
        if (cuda.is_available())
        {
            return CUDA;
        }
        if (requested == ExecutionDevice.Cuda)
        {
            progress.Log("CUDA requested but not available (CPU TorchSharp backend or no GPU): training on CPU");
        }
        return CPU;
    }

    internal static int? Limit(int limit) => limit > 0 ? limit : null;

    private void WriteHistory(TrainingHistory history) =>
        AtomicFile.WriteAllText(Path.Combine(options.Out, ArtifactNames.History), history.ToJson());

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

        public void EpochFinished(EpochRecord stats, int epochs)
        {
            inner.EpochFinished(stats, epochs);
            action();
        }

        public void Log(string message) => inner.Log(message);
    }
}
