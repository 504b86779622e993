using VaeOnnx.Contract;
using VaeOnnx.Inference;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// A tiny VAE (latent 2, hidden 16, seeded) with a latent classifier of it (<see cref="TinyClassifier"/>, so
/// <c>/v1/classify</c> works) and a synthetic 200-image test split on disk, plus a reference <see cref="VaeModel"/> and
/// <see cref="LatentClassifierModel"/> over the same files (CPU, 1 thread, like the servers) to compare answers with, and
/// one shared server with the options most tests use. Tests that need other options (or no classifier,
/// <see cref="WriteModelWithoutClassifier"/>) start their own server.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    public const int DatasetSize = 200;
    public const int MaxBatch = 64;
    public const long MaxBodyBytes = 256 * 1024;

    private readonly TempDirectory _temp = new();
    private RunningServer? _server;

    public ServeFixture()
        : this(TinyVae.Create(latent: 2, hidden: 16, seed: 1))
    {
    }

    /// <summary>The same files and server around another tiny model (a conditional one, say).</summary>
    protected ServeFixture(TinyVae vae)
    {
        Vae = vae;
        ModelDirectory = Vae.WriteModel(_temp.Sub("model"));
        Classifier = TinyClassifier.Create(Vae.Signature);
        Classifier.Write(ModelDirectory);
        DataDirectory = _temp.Sub("mnist");
        (DatasetPixels, DatasetLabels) = SyntheticMnist.Write(DataDirectory, DatasetSize);
        Reference = VaeModel.Load(ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        ReferenceClassifier = LatentClassifierModel.Load(ModelDirectory, Reference.Signature, intraOpThreads: 1);
    }

    internal TinyVae Vae { get; }

    public string ModelDirectory { get; }

    public string DataDirectory { get; }

    public byte[] DatasetPixels { get; }

    public byte[] DatasetLabels { get; }

    public VaeModel Reference { get; }

    /// <summary>The classifier written beside the model.</summary>
    internal TinyClassifier Classifier { get; }

    /// <summary>The library's classifier over the fixture's <c>classifier.onnx</c>.</summary>
    public LatentClassifierModel ReferenceClassifier { get; }

    internal RunningServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>The options of the shared server: CPU, 1 thread, small limits, micro-batching on, all 200 points.</summary>
    public ServeOptions Options => new()
    {
        ModelDirectory = ModelDirectory,
        Device = ExecutionDevice.Cpu,
        Threads = 1,
        DataDirectory = DataDirectory,
        ReportsDirectory = Path.Combine(ModelDirectory, "no-reports-here"),
        MaxBatch = MaxBatch,
        MaxBodyBytes = MaxBodyBytes,
        LatentPoints = 1000,
        MicroBatching = true,
    };

    /// <summary>A fresh folder for one test's files.</summary>
    public string NewFolder(string name) => _temp.Sub(name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>The same VAE in a fresh folder with no <c>classifier.onnx</c>: a server on it has no classification.</summary>
    public string WriteModelWithoutClassifier() => Vae.WriteModel(NewFolder("no-classifier"));

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Reference.Dispose();
        ReferenceClassifier.Dispose();
        _temp.Dispose();
    }
}
