using VaeOnnx.Data;
using VaeOnnx.Training;

namespace VaeOnnx.Trainer.Tests;

/// <summary>Subsets of the embedded MNIST, loaded once per test run; training tests use one thread.</summary>
internal static class SmallMnist
{
    private static readonly Lazy<(LabeledImages Train, LabeledImages Test)> Sets = new(() =>
    {
        NativeSetup.Configure(1);
        return (MnistDataset.Load(RepositoryPaths.Mnist, DatasetSplit.Train).Take(2000),
                MnistDataset.Load(RepositoryPaths.Mnist, DatasetSplit.Test).Take(500));
    });

    public static LabeledImages Train => Sets.Value.Train;

    public static LabeledImages Test => Sets.Value.Test;
}
