using System.Diagnostics;
using TorchSharp;
using VaeOnnx.Data;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Trainer.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Training;

/// <summary>
/// Fits the VAE: shuffled mini-batches gathered from tensors, Adam, BCE+KLD, a test pass and a checkpoint
/// after every epoch. Deterministic for a given seed and thread count; resumable mid-epoch.
/// </summary>
public sealed class VaeTrainer : IDisposable
{
    // Adam leaves finalizer-only native temporaries even inside dispose scopes (PLATFORM.md): collect
    // every few dozen steps or RSS grows by ~3 MiB per step.
    private const int CollectEvery = 50;
    private const int EvalBatch = 1000;

    private readonly TrainerOptions options;
    private readonly Device device;
    private readonly TensorDataset train;
    private readonly TensorDataset test;
    private readonly Generator generator;
    private readonly List<EpochStats> history = [];
    private TrainingState state;

    /// <summary>Builds model and optimizer; with <see cref="TrainerOptions.Resume"/>, restores them from the checkpoint.</summary>
    public VaeTrainer(TrainerOptions options, Device device, LabeledImages trainImages, LabeledImages testImages)
    {
        this.options = options;
        this.device = device;
        manual_seed(options.Seed);
        Model = new Vae(options.HiddenDim, options.LatentDim, LabeledImages.PixelsPerImage);
        Model.to(device);
        Optimizer = new FlatAdam(Model.parameters(), options.Lr);
        generator = new Generator((ulong)options.Seed, device);
        state = new TrainingState();
        if (!string.IsNullOrEmpty(options.Resume))
        {
            (_, state) = Checkpoint.Load(options.Resume, Model, Optimizer);
            history.AddRange(state.History);
            using var saved = tensor(state.GeneratorState, ScalarType.Byte);
            generator.set_state(saved);
        }
        train = TensorDataset.From(trainImages, device);
        test = TensorDataset.From(testImages, device);
    }

    /// <summary>The model being trained.</summary>
    public Vae Model { get; }

    /// <summary>Its optimizer.</summary>
    public FlatAdam Optimizer { get; }

    /// <summary>The test images [N,784] in [0,1], as the model sees them (the export's parity check uses them).</summary>
    public Tensor TestImages => test.Images;

    /// <summary>Completed epochs, oldest first.</summary>
    public IReadOnlyList<EpochStats> History => history;

    /// <summary>Epochs completed so far (including those of a resumed checkpoint).</summary>
    public int EpochsCompleted => state.EpochsCompleted;

    /// <summary>Where the next step falls, in words.</summary>
    public string Position => state.NextStep > 0
        ? $"epoch {state.EpochsCompleted + 1}, step {state.NextStep + 1}"
        : $"start of epoch {state.EpochsCompleted + 1}";

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> are done or <paramref name="stop"/> is cancelled; in the
    /// latter case the current step finishes and a checkpoint is written to <paramref name="checkpointPath"/>.
    /// </summary>
    public TrainingOutcome Run(ITrainingObserver observer, string checkpointPath, CancellationToken stop)
    {
        int batch = options.BatchSize;
        int steps = (train.Count + batch - 1) / batch;
        for (int epoch = state.EpochsCompleted + 1; epoch <= options.Epochs; epoch++)
        {
            var (outcome, trainStats, seconds) = TrainEpoch(epoch, steps, observer, stop);
            if (outcome == TrainingOutcome.Interrupted)
            {
                SaveCheckpoint(checkpointPath);
                return outcome;
            }
            var testStats = Evaluate();
            using var self = Process.GetCurrentProcess();
            var stats = new EpochStats(epoch, trainStats, testStats, seconds, train.Count / seconds, self.WorkingSet64 / 1048576.0);
            history.Add(stats);
            state = new TrainingState { EpochsCompleted = epoch, History = history.ToArray(), GeneratorState = GeneratorState() };
            SaveCheckpoint(checkpointPath);
            observer.EpochFinished(stats, options.Epochs);
            if (stop.IsCancellationRequested && epoch < options.Epochs)
            {
                return TrainingOutcome.Interrupted;
            }
        }
        return TrainingOutcome.Completed;
    }

    /// <summary>Loss per sample on the test split, z sampled with a fixed-seed generator (as the seed reports it).</summary>
    public LossStats Evaluate()
    {
        Model.eval();
        using var noDisposeLeak = NewDisposeScope();
        using var _ = no_grad();
        // A generator of its own: the test pass must not move the training RNG, or resuming would diverge.
        var evalGenerator = new Generator((ulong)options.Seed + 1_000_003UL, device);
        var sums = new double[3];
        for (int start = 0; start < test.Count; start += EvalBatch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(EvalBatch, test.Count - start);
            var x = test.Images.narrow(0, start, n);
            var noise = randn([n, options.LatentDim], generator: evalGenerator, device: device);
            var (logits, mu, logVar) = Model.call(x, noise);
            var (total, bce, kld) = VaeLoss.Compute(logits, x, mu, logVar);
            Accumulate(sums, total, bce, kld);
        }
        evalGenerator.Dispose();
        Model.train();
        return new LossStats(sums[0] / test.Count, sums[1] / test.Count, sums[2] / test.Count);
    }

    private (TrainingOutcome, LossStats, double) TrainEpoch(int epoch, int steps, ITrainingObserver observer, CancellationToken stop)
    {
        Model.train();
        int batch = options.BatchSize;
        bool resuming = state.Permutation is not null;
        using var permutation = resuming
            ? tensor(state.Permutation!, ScalarType.Int64).to(device)
            : randperm(train.Count, generator: generator, device: device);
        var sums = resuming ? (double[])state.PartialSums.Clone() : new double[3];
        int firstStep = resuming ? state.NextStep : 0;
        double previousSeconds = resuming ? state.PartialSeconds : 0;
        observer.EpochStarted(epoch, options.Epochs, steps, firstStep);
        var clock = Stopwatch.StartNew();
        int seen = Math.Min(firstStep * batch, train.Count);
        for (int step = firstStep; step < steps; step++)
        {
            if (stop.IsCancellationRequested)
            {
                state = new TrainingState
                {
                    EpochsCompleted = epoch - 1,
                    NextStep = step,
                    Permutation = permutation.cpu().data<long>().ToArray(),
                    PartialSums = sums,
                    PartialSeconds = previousSeconds + clock.Elapsed.TotalSeconds,
                    History = history.ToArray(),
                    GeneratorState = GeneratorState(),
                };
                return (TrainingOutcome.Interrupted, new LossStats(0, 0, 0), 0);
            }
            int n = Math.Min(batch, train.Count - step * batch);
            Step(permutation.narrow(0, step * batch, n), sums);
            seen += n;
            if ((step + 1) % CollectEvery == 0)
            {
                GC.Collect();
            }
            observer.StepFinished(epoch, step + 1, sums[0] / seen);
        }
        double seconds = previousSeconds + clock.Elapsed.TotalSeconds;
        state = state with { Permutation = null, NextStep = 0 };
        return (TrainingOutcome.Completed, new LossStats(sums[0] / train.Count, sums[1] / train.Count, sums[2] / train.Count), seconds);
    }

    private void Step(Tensor indices, double[] sums)
    {
        using var scope = NewDisposeScope();
        var x = train.Images.index_select(0, indices);
        var noise = randn([indices.shape[0], options.LatentDim], generator: generator, device: device);
        var (logits, mu, logVar) = Model.call(x, noise);
        var (total, bce, kld) = VaeLoss.Compute(logits, x, mu, logVar);
        Optimizer.ZeroGrad();
        total.backward();
        Optimizer.Step();
        Accumulate(sums, total, bce, kld);
    }

    private static void Accumulate(double[] sums, Tensor total, Tensor bce, Tensor kld)
    {
        sums[0] += total.item<float>();
        sums[1] += bce.item<float>();
        sums[2] += kld.item<float>();
    }

    private byte[] GeneratorState()
    {
        using var s = generator.get_state();
        return s.cpu().data<byte>().ToArray();
    }

    private void SaveCheckpoint(string path) => Checkpoint.Save(path, options, state, Model, Optimizer);

    public void Dispose()
    {
        train.Dispose();
        test.Dispose();
        generator.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
    }
}
