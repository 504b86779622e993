using VaeOnnx.Contract;

namespace VaeOnnx.Inference.Tests.Support;

/// <summary>One tiny conditional VAE (10 classes) written to disk and loaded once per test class (CPU, one thread).</summary>
public sealed class ConditionalModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ConditionalModelFixture()
    {
        ModelDirectory = TinyVae.Create(latent: 2, hidden: 16, seed: 5, classes: 10).WriteModel(_temp.Sub("cvae"));
        Model = VaeModel.Load(ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
    }

    public string ModelDirectory { get; }

    public VaeModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        _temp.Dispose();
    }
}
