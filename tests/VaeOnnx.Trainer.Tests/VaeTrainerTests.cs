using VaeOnnx.Contract;
using VaeOnnx.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

[Collection(TorchCollection.Name)]
public sealed class VaeTrainerTests
{
    private static TrainingSettings Settings(int epochs = 2) => new() { Epochs = epochs, BatchSize = 128, Seed = 7 };

    private static IReadOnlyList<EpochRecord> Train(string outDir, TrainingSettings settings, ITrainingObserver observer,
        CancellationToken stop = default, string? resumeFrom = null)
    {
        using var trainer = new VaeTrainer(VaeSignature.Default, settings, CPU, SmallMnist.Train, SmallMnist.Test, resumeFrom);
        trainer.Run(observer, Path.Combine(outDir, ArtifactNames.Checkpoint), stop);
        return trainer.History;
    }

    [Fact]
    public void Run_TwoEpochsOnSubset_LossFallsAndIsPlausible()
    {
        using var dir = new TempDirectory();
        var history = Train(dir.Path, Settings(), new RecordingObserver());

        Assert.Equal(2, history.Count);
        // An untrained decoder costs 784·ln2 ≈ 543 nats; the first passes must get well below that and keep falling.
        Assert.InRange(history[0].Train.Loss, 180, 543);
        Assert.True(history[1].Train.Loss < history[0].Train.Loss);
        Assert.True(history[1].Test.Loss < history[0].Test.Loss);
        foreach (var epoch in history)
        {
            Assert.Equal(epoch.Train.Loss, epoch.Train.Bce + epoch.Train.Kld, 3);
            Assert.True(epoch.Train.Kld > 0);
            Assert.True(epoch.Seconds > 0);
        }
    }

    [Fact]
    public void Run_SameSeedTwice_IdenticalLosses()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = Train(a.Path, Settings(), new RecordingObserver());
        var second = Train(b.Path, Settings(), new RecordingObserver());

        Assert.Equal(first.Select(e => (e.Train, e.Test)), second.Select(e => (e.Train, e.Test)));
    }

    [Fact]
    public void Run_InterruptedMidEpochThenResumed_MatchesUninterruptedRun()
    {
        using var straight = new TempDirectory();
        using var interrupted = new TempDirectory();
        var expected = Train(straight.Path, Settings(epochs: 3), new RecordingObserver());

        using var stopper = new CancellationTokenSource();
        var partial = Train(interrupted.Path, Settings(epochs: 3), new RecordingObserver(stopper, stopEpoch: 2, stopStep: 5), stopper.Token);
        Assert.Single(partial); // epoch 2 was cut after step 5
        string checkpoint = Path.Combine(interrupted.Path, ArtifactNames.Checkpoint);
        var header = Checkpoint.ReadHeader(checkpoint);
        var state = header.State;
        Assert.Equal(VaeSignature.Default, header.Signature);
        Assert.Equal(Settings(epochs: 3), header.Training);
        Assert.Equal(1, state.EpochsCompleted);
        Assert.Equal(5, state.NextStep);

        var resumed = Train(interrupted.Path, Settings(epochs: 3), new RecordingObserver(), resumeFrom: checkpoint);

        Assert.Equal(expected.Select(e => (e.Train, e.Test)), resumed.Select(e => (e.Train, e.Test)));
    }

    [Fact]
    public void Run_StoppedAtAnEpochBoundaryThenResumed_MatchesUninterruptedRun()
    {
        using var straight = new TempDirectory();
        using var interrupted = new TempDirectory();
        var expected = Train(straight.Path, Settings(epochs: 3), new RecordingObserver());

        using var stopper = new CancellationTokenSource();
        var partial = Train(interrupted.Path, Settings(epochs: 3), new RecordingObserver(stopper, stopAfterEpoch: 1), stopper.Token);
        Assert.Single(partial);
        string checkpoint = Path.Combine(interrupted.Path, ArtifactNames.Checkpoint);
        var state = Checkpoint.ReadHeader(checkpoint).State;
        Assert.Equal((1, 0), (state.EpochsCompleted, state.NextStep));
        Assert.Null(state.Permutation);

        var resumed = Train(interrupted.Path, Settings(epochs: 3), new RecordingObserver(), resumeFrom: checkpoint);

        Assert.Equal(expected.Select(e => (e.Train, e.Test)), resumed.Select(e => (e.Train, e.Test)));
    }

    [Fact]
    public void Checkpoint_NotACheckpoint_ClearError()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "bogus.pt");
        File.WriteAllText(path, "hello");

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
