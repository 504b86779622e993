using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Inference.Tests;

/// <summary>Model folders exported before the signature existed keep working (tests/fixtures/legacy-model).</summary>
public sealed class LegacyModelTests
{
    private static readonly VaeModelOptions Cpu = new() { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 };

    [Fact]
    public void Load_ModelWithoutSignature_MapsToTheEquivalentSignature()
    {
        using var model = VaeModel.Load(RepositoryPaths.LegacyModel, Cpu);

        Assert.False(model.Metadata.ContainsKey(OnnxMetadataKeys.Signature));
        Assert.Equal(VaeSignature.Mlp(16, 2), model.Signature);
    }

    [Fact]
    public void Decode_ModelWithoutSignature_GivesTheOutputsItGaveWhenWritten()
    {
        using var model = VaeModel.Load(RepositoryPaths.LegacyModel, Cpu);
        float[] z = [0, 0, 0.5f, -1.2f, -2, 1, 1.5f, 1.5f, -0.3f, 0.7f, 3, -3, 0.01f, 0.02f, -1, -1];

        var expected = NpyFile.ReadFloat32(Path.Combine(RepositoryPaths.LegacyModel, "decoded.expected.npy"));

        Assert.Equal([8, 1, 28, 28], expected.Shape);
        Assert.Equal(expected.Data, model.Decode(z));
    }

    [Fact]
    public void Encode_ModelWithoutSignature_GivesTheOutputsItGaveWhenWritten()
    {
        using var model = VaeModel.Load(RepositoryPaths.LegacyModel, Cpu);
        var images = MnistDataset.Load(RepositoryPaths.Mnist, DatasetSplit.Test).Take(8);

        var latents = model.Encode(images.Pixels);

        Assert.Equal(NpyFile.ReadFloat32(Path.Combine(RepositoryPaths.LegacyModel, "mu.expected.npy")).Data, latents.Mu);
        Assert.Equal(NpyFile.ReadFloat32(Path.Combine(RepositoryPaths.LegacyModel, "logvar.expected.npy")).Data, latents.LogVar);
    }
}
