using VaeOnnx.Contract;

namespace VaeOnnx.Inference.Tests.Support;

/// <summary>One tiny VAE written to disk and loaded once per test class (CPU, one thread).</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TinyModelFixture()
    {
        Vae = TinyVae.Create(latent: 2, hidden: 16, seed: 1);
        ModelDirectory = Vae.WriteModel(_temp.Sub("model"));
        Model = VaeModel.Load(ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
    }

    internal TinyVae Vae { get; }

    public string ModelDirectory { get; }

    public VaeModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        _temp.Dispose();
    }
}
