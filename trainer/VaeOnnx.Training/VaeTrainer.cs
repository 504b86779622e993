using System.Diagnostics;
using TorchSharp;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// Fits a VAE: shuffled mini-batches gathered from tensors, Adam, BCE+KLD, a test pass and a checkpoint after every
/// epoch. Deterministic for a given seed and thread count; resumable mid-epoch. Knows nothing of hosting: it is
/// given the model's signature, the training settings and the data.
/// </summary>
public sealed class VaeTrainer : IDisposable
{
    // Adam leaves finalizer-only native temporaries even inside dispose scopes: collect every few dozen steps or
    // RSS grows by ~3 MiB per step (measured: 3 GB after 2 epochs; flat at ~400 MiB with this).
    internal const int CollectEvery = 50;
    private const int EvalBatch = 1000;

    private readonly TrainingSettings settings;
    private readonly Device device;
    private readonly TensorDataset train;
    private readonly TensorDataset test;
    private readonly Generator generator;
    private readonly TrainingStep step;
    private readonly List<EpochRecord> history = [];
    private TrainingState state;

    /// <summary>
    /// Builds model and optimizer for <paramref name="signature"/>; with <paramref name="resumeFrom"/>, restores them
    /// and the run's position from that checkpoint (which must hold a model of the same signature).
    /// </summary>
    /// <exception cref="ArgumentException">The data's images are not of the signature's shape.</exception>
    /// <exception cref="CheckpointException">The checkpoint cannot be used.</exception>
    public VaeTrainer(VaeSignature signature, TrainingSettings settings, Device device, LabeledImages trainImages, LabeledImages testImages,
        string? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(settings);
        CheckShape(signature, trainImages, nameof(trainImages));
        CheckShape(signature, testImages, nameof(testImages));
        this.settings = settings;
        this.device = device;
        manual_seed(settings.Seed);
        Model = new Vae(signature);
        Model.to(device);
        Optimizer = new FlatAdam(Model.parameters(), settings.LearningRate);
        step = new TrainingStep(Model, Optimizer, settings.Beta, settings.Precision);
        generator = new Generator((ulong)settings.Seed, device);
        state = new TrainingState();
        if (resumeFrom is not null)
        {
            state = Checkpoint.Load(resumeFrom, Model, Optimizer).State;
            history.AddRange(state.History);
            using var saved = tensor(state.GeneratorState, ScalarType.Byte);
            generator.set_state(saved);
        }
        train = TensorDataset.From(trainImages, device, withLabels: signature.IsConditional);
        test = TensorDataset.From(testImages, device, withLabels: signature.IsConditional);
    }

    /// <summary>The model being trained.</summary>
    public Vae Model { get; }

    /// <summary>Its optimizer.</summary>
    public FlatAdam Optimizer { get; }

    /// <summary>What the model is.</summary>
    public VaeSignature Signature => Model.Signature;

    /// <summary>How it is trained.</summary>
    public TrainingSettings Settings => settings;

    /// <summary>The training split as the model sees it.</summary>
    public TensorDataset TrainData => train;

    /// <summary>The test split as the model sees it (the export's parity check uses it).</summary>
    public TensorDataset TestData => test;

    /// <summary>Completed epochs, oldest first.</summary>
    public IReadOnlyList<EpochRecord> History => history;

    /// <summary>Epochs completed so far (including those of a resumed checkpoint).</summary>
    public int EpochsCompleted => state.EpochsCompleted;

    /// <summary>Where the next step falls, in words.</summary>
    public string Position => state.NextStep > 0
        ? $"epoch {state.EpochsCompleted + 1}, step {state.NextStep + 1}"
        : $"start of epoch {state.EpochsCompleted + 1}";

    /// <summary>Optimisation steps per epoch.</summary>
    public int StepsPerEpoch => (train.Count + settings.BatchSize - 1) / settings.BatchSize;

    /// <summary>
    /// Trains until <see cref="TrainingSettings.Epochs"/> are done or <paramref name="stop"/> is cancelled; in the
    /// latter case the current step finishes and a checkpoint is written to <paramref name="checkpointPath"/>.
    /// </summary>
    public TrainingOutcome Run(ITrainingObserver observer, string checkpointPath, CancellationToken stop)
    {
        int steps = StepsPerEpoch;
        for (int epoch = state.EpochsCompleted + 1; epoch <= settings.Epochs; epoch++)
        {
            var (outcome, trainStats, seconds) = TrainEpoch(epoch, steps, observer, stop);
            if (outcome == TrainingOutcome.Interrupted)
            {
                SaveCheckpoint(checkpointPath);
                return outcome;
            }
            var testStats = Evaluate();
            using var self = Process.GetCurrentProcess();
            var stats = new EpochRecord(epoch, trainStats, testStats, seconds, train.Count / seconds, self.WorkingSet64 / 1048576.0);
            history.Add(stats);
            state = new TrainingState { EpochsCompleted = epoch, History = history.ToArray(), GeneratorState = GeneratorState() };
            SaveCheckpoint(checkpointPath);
            observer.EpochFinished(stats, settings.Epochs);
            if (stop.IsCancellationRequested && epoch < settings.Epochs)
            {
                return TrainingOutcome.Interrupted;
            }
        }
        return TrainingOutcome.Completed;
    }

    /// <summary>
    /// Loss per sample (BCE + KLD, whatever β training uses) on the test split, z sampled with a fixed-seed generator
    /// (as the seed reports it).
    /// </summary>
    public LossTerms Evaluate()
    {
        Model.eval();
        using var noDisposeLeak = NewDisposeScope();
        using var _ = no_grad();
        // A generator of its own: the test pass must not move the training RNG, or resuming would diverge.
        var evalGenerator = new Generator((ulong)settings.Seed + 1_000_003UL, device);
        var sums = new double[3];
        for (int start = 0; start < test.Count; start += EvalBatch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(EvalBatch, test.Count - start);
            var x = test.Images.narrow(0, start, n);
            var labels = test.Labels?.narrow(0, start, n);
            var noise = randn([n, Model.LatentSize], generator: evalGenerator, device: device);
            var (logits, mu, logVar) = Model.Forward(x, noise, labels);
            double bce = VaeLoss.Reconstruction(logits, x).Bce;
            double kld = VaeLoss.Divergence(mu, logVar, beta: 1).Kld;
            sums[0] += bce + kld;
            sums[1] += bce;
            sums[2] += kld;
        }
        evalGenerator.Dispose();
        Model.train();
        return new LossTerms(sums[0] / test.Count, sums[1] / test.Count, sums[2] / test.Count);
    }

    private (TrainingOutcome, LossTerms, double) TrainEpoch(int epoch, int steps, ITrainingObserver observer, CancellationToken stop)
    {
        Model.train();
        int batch = settings.BatchSize;
        bool resuming = state.Permutation is not null;
        using var permutation = resuming
            ? tensor(state.Permutation!, ScalarType.Int64).to(device)
            : randperm(train.Count, generator: generator, device: device);
        var sums = resuming ? (double[])state.PartialSums.Clone() : new double[3];
        int firstStep = resuming ? state.NextStep : 0;
        double previousSeconds = resuming ? state.PartialSeconds : 0;
        observer.EpochStarted(epoch, settings.Epochs, steps, firstStep);
        var clock = Stopwatch.StartNew();
        int seen = Math.Min(firstStep * batch, train.Count);
        for (int s = firstStep; s < steps; s++)
        {
            if (stop.IsCancellationRequested)
            {
                state = new TrainingState
                {
                    EpochsCompleted = epoch - 1,
                    NextStep = s,
                    Permutation = permutation.cpu().data<long>().ToArray(),
                    PartialSums = sums,
                    PartialSeconds = previousSeconds + clock.Elapsed.TotalSeconds,
                    History = history.ToArray(),
                    GeneratorState = GeneratorState(),
                };
                return (TrainingOutcome.Interrupted, new LossTerms(0, 0, 0), 0);
            }
            int n = Math.Min(batch, train.Count - s * batch);
            using (var indices = permutation.narrow(0, s * batch, n))
            {
                var losses = step.Run(train, indices, generator);
                sums[0] += losses.Total;
                sums[1] += losses.Bce;
                sums[2] += losses.Kld;
            }
            seen += n;
            if ((s + 1) % CollectEvery == 0)
            {
                GC.Collect();
            }
            observer.StepFinished(epoch, s + 1, sums[0] / seen);
        }
        double seconds = previousSeconds + clock.Elapsed.TotalSeconds;
        state = state with { Permutation = null, NextStep = 0 };
        return (TrainingOutcome.Completed, new LossTerms(sums[0] / train.Count, sums[1] / train.Count, sums[2] / train.Count), seconds);
    }

    private static void CheckShape(VaeSignature signature, LabeledImages images, string paramName)
    {
        if (signature.Image.Channels != 1 || images.Rows != signature.Image.Height || images.Columns != signature.Image.Width)
        {
            throw new ArgumentException($"the images are 1x{images.Rows}x{images.Columns}, the model takes {signature.Image}", paramName);
        }
        int classes = signature.Conditioning.Classes;
        int bad = signature.IsConditional ? Array.FindIndex(images.Labels, l => l >= classes) : -1;
        if (bad >= 0)
        {
            throw new ArgumentException($"label {images.Labels[bad]} of image {bad} is outside 0..{classes - 1}, the classes the model is conditioned on", paramName);
        }
    }

    private byte[] GeneratorState()
    {
        using var s = generator.get_state();
        return s.cpu().data<byte>().ToArray();
    }

    private void SaveCheckpoint(string path) =>
        Checkpoint.Save(path, new CheckpointHeader(Model.Signature, settings, state), Model, Optimizer);

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
        generator.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }
}
