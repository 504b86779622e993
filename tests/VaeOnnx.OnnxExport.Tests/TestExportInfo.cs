using VaeOnnx.Training.Export;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>The run facts the export tests write into the files' metadata: placeholders, none of them checked.</summary>
internal static class TestExportInfo
{
    public static VaeExportInfo Placeholder { get; } = new()
    {
        Dataset = "mnist", DatasetSha256 = "x", Epochs = 1, Seed = 1, FinalTrainLoss = 1, FinalTestLoss = 1,
    };
}
