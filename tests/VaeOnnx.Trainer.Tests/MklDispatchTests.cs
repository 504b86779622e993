using VaeOnnx.Contract;
using VaeOnnx.Training;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// MKL fixes its kernels at its first product, so what counts is the order inside a fresh trainer process: the test
/// runs one rather than sharing this test host, where an earlier test may already have used MKL.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class MklDispatchTests
{
    [Fact]
    public void Trainer_FreshProcess_MklChoosesByCpuFeaturesOnAmdAndRecordsIt()
    {
        using var dir = new TempDirectory();
        using var run = TrainerProcess.Start("--out", dir.Path, "--epochs", "1", "--train-limit", "256", "--test-limit", "64",
            "--hidden-dim", "16", "--no-export", "--no-classifier");
        Assert.True(run.WaitForExit() == 0, run.Error);

        string expected = MklDispatch.IsAmdWithAvx2() ? "MKL kernels chosen by CPU features" : "MKL's own dispatch";
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        string? recorded = TrainingHistory.Load(Path.Combine(dir.Path, ArtifactNames.History)).Environment?.Blas;
        Assert.NotNull(recorded);
        Assert.StartsWith(expected, recorded, StringComparison.Ordinal);
    }
}
