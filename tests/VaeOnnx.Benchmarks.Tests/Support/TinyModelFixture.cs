namespace VaeOnnx.Benchmarks.Tests.Support;

/// <summary>A tiny VAE (latent 2, hidden 16, seeded) written to a temporary model folder once per test class.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public TinyModelFixture() => ModelDirectory = TinyVae.Create(latent: 2, hidden: 16, seed: 1).WriteModel(_temp.Sub("model"));

    public string ModelDirectory { get; }

    /// <summary>A fresh folder for one test's files.</summary>
    public string NewFolder(string name) => _temp.Sub(name + "-" + Guid.NewGuid().ToString("N")[..6]);

    public void Dispose() => _temp.Dispose();
}
