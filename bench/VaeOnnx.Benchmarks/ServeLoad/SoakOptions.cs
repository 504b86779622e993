using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// A bounded soak of <c>vae serve</c> run out of process: <see cref="Clients"/> loopback clients send a mix of every
/// endpoint, about <see cref="MalformedShare"/> of it malformed, for <see cref="Warmup"/> and then <see cref="Duration"/>.
/// </summary>
public sealed record SoakOptions
{
    /// <summary>Default for <see cref="Duration"/>, seconds.</summary>
    public const int DefaultSeconds = 60;

    /// <summary>Default for <see cref="Clients"/>.</summary>
    public const int DefaultClients = 32;

    /// <summary>
    /// Default for <see cref="Warmup"/>, seconds. Under this mix the server's resident memory climbs for its first ~30 s
    /// of load (the GC heap sizing itself to the load; its thread count stays flat) and then levels off: measured on the
    /// 2-core machine here, 226 MiB at start, 261–269 MiB after 10 s, 268–277 MiB after 20 s, 283–288 MiB from 30 s on.
    /// A 10 s baseline put the end at up to 1.09× it, next to the 10 % limit; 20 s leaves a margin without
    /// hiding a leak, which keeps growing over the 60 s after it.
    /// </summary>
    public const int DefaultWarmupSeconds = 20;

    /// <summary>The CLI's <c>vae.dll</c>, started as <c>dotnet vae.dll serve</c>.</summary>
    public required string VaeDll { get; init; }

    /// <summary>Model folder the server loads (<c>encoder.onnx</c>, <c>decoder.onnx</c>).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>Dataset whose test split the server encodes for the explorer's map (and <c>/v1/latents</c>).</summary>
    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>ONNX Runtime device of the server.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>Concurrent clients, each with one request in flight at a time.</summary>
    public int Clients { get; init; } = DefaultClients;

    /// <summary>How long the measured run sends requests (after the warm-up).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(DefaultSeconds);

    /// <summary>The same mix before the measured run; the resident memory at its end is the baseline.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(DefaultWarmupSeconds);

    /// <summary>Share of requests that are malformed (each must be answered 4xx).</summary>
    public double MalformedShare { get; init; } = 0.05;

    /// <summary>
    /// The server's <c>--max-body-bytes</c>. Lower than its 16 MiB default so that the over-the-limit requests of the mix
    /// (limit + 1 bytes each) do not dominate the loopback traffic; every well-formed body of the mix is far below it.
    /// </summary>
    public int MaxBodyBytes { get; init; } = 1 << 20;

    /// <summary>Largest growth of resident memory from the end of the warm-up to the end of the run, as a share (0.10 = 10 %).</summary>
    public double RssTolerance { get; init; } = 0.10;

    /// <summary>How often progress is printed.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server may take to start and report its address (loading the model and encoding the map).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Limit of one request; a request still running then counts as a connection error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Seed of the clients' choice of requests (client i uses seed + i).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checks ranges and that the files exist.</summary>
    /// <exception cref="ArgumentException">A value out of range, or a missing file or folder.</exception>
    public void Validate()
    {
        if (!File.Exists(VaeDll))
        {
            throw new ArgumentException($"{VaeDll}: vae.dll not found (build the solution first)", nameof(VaeDll));
        }
        if (!Directory.Exists(ModelDirectory))
        {
            throw new ArgumentException($"{ModelDirectory}: model folder not found", nameof(ModelDirectory));
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory, nameof(DataDirectory));
        Check(Clients, 1, 1024, nameof(Clients));
        Check(Duration.TotalSeconds, 1, 86_400, nameof(Duration));
        Check(Warmup.TotalSeconds, 0, 3_600, nameof(Warmup));
        Check(MalformedShare, 0, 1, nameof(MalformedShare));
        Check(MaxBodyBytes, 64 * 1024, 1 << 30, nameof(MaxBodyBytes));
        Check(RssTolerance, 0, 10, nameof(RssTolerance));
        Check(ProgressInterval.TotalSeconds, 0.1, 3_600, nameof(ProgressInterval));
        Check(StartTimeout.TotalSeconds, 1, 3_600, nameof(StartTimeout));
        Check(RequestTimeout.TotalSeconds, 0.1, 600, nameof(RequestTimeout));
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}");
        }
    }
}
