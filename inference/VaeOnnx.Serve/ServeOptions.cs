using VaeOnnx.Contract;

namespace VaeOnnx.Serve;

/// <summary>
/// Everything <see cref="VaeServer.Build"/> needs (<c>vae serve</c> fills it from its command line, which checks the
/// same ranges and address syntax first, so users get a parse error naming the option).
/// </summary>
public sealed record ServeOptions
{
    /// <summary>Default listening address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Default for <see cref="MaxBatch"/>.</summary>
    public const int DefaultMaxBatch = 1024;

    /// <summary>Default for <see cref="MaxBodyBytes"/> (16 MiB: a JSON batch of 1024 images as floats fits).</summary>
    public const long DefaultMaxBodyBytes = 16L << 20;

    /// <summary>Default for <see cref="LatentPoints"/>.</summary>
    public const int DefaultLatentPoints = 5000;

    /// <summary>Largest <see cref="MaxBatch"/>.</summary>
    public const int MaxBatchLimit = 1 << 16;

    /// <summary>Smallest <see cref="MaxBodyBytes"/>.</summary>
    public const int MinBodyBytes = 1024;

    /// <summary>Largest <see cref="MaxBodyBytes"/> (1 GiB).</summary>
    public const int BodyBytesLimit = 1 << 30;

    /// <summary>Default for <see cref="DrainSeconds"/>.</summary>
    public const int DefaultDrainSeconds = 10;

    /// <summary>Largest <see cref="DrainSeconds"/>.</summary>
    public const int DrainSecondsLimit = 600;

    /// <summary>Largest <see cref="LatentPoints"/>.</summary>
    public const int LatentPointsLimit = 1_000_000;

    /// <summary>Folder with <c>encoder.onnx</c> and <c>decoder.onnx</c>.</summary>
    public string ModelDirectory { get; init; } = "models";

    /// <summary>Addresses to listen on, separated by ';' (Kestrel syntax; port 0 picks a free port).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>ONNX Runtime execution device.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>CUDA device ordinal.</summary>
    public int DeviceId { get; init; }

    /// <summary>
    /// Intra-op threads per ONNX Runtime session; 0 = all cores. Default 1: concurrent requests already use the cores,
    /// and intra-op threads (which spin) competed with them — 1 thread served ~30% more single and ~40% more batched
    /// decodes per second than 2 on the 2-core machine here (see the project README).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>MNIST-layout dataset whose test split feeds the explorer's map (when no precomputed latents exist).</summary>
    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>Folder searched for precomputed <c>latents_test.npy</c> + <c>labels_test.npy</c> (written by the evaluation).</summary>
    public string ReportsDirectory { get; init; } = "reports";

    /// <summary>Most latent codes or images in one request (413 above it).</summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;

    /// <summary>Largest request body in bytes (413 above it).</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Points of the test set sent to the explorer (a fixed, seeded subsample); 0 = no map.</summary>
    public int LatentPoints { get; init; } = DefaultLatentPoints;

    /// <summary>
    /// Whether concurrent decode requests are merged into one ONNX Runtime call (see <see cref="DecodeBatcher"/>).
    /// Off by default: on the CPU here a decode costs far less than the HTTP and JSON work around it, and merging
    /// changed throughput by less than the measurement noise while raising p99 latency (see the project README).
    /// </summary>
    public bool MicroBatching { get; init; }

    /// <summary>
    /// How long a shutdown (Ctrl+C, SIGTERM, <c>StopAsync</c>) waits for requests in flight: the listeners close at once
    /// (new connections are refused), requests still running after this many seconds are aborted.
    /// </summary>
    public int DrainSeconds { get; init; } = DefaultDrainSeconds;

    /// <summary>Whether every request is logged (one line each). The load test turns it off.</summary>
    public bool LogRequests { get; init; } = true;

    /// <summary>Checks every option; a library caller that passes a bad one gets an exception naming the property.</summary>
    /// <exception cref="ArgumentException">An empty folder, a bad address, or a value out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelDirectory, nameof(ModelDirectory));
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory, nameof(DataDirectory));
        ArgumentException.ThrowIfNullOrWhiteSpace(ReportsDirectory, nameof(ReportsDirectory));
        if (CheckUrls(Urls) is { } fault)
        {
            throw new ArgumentException($"{nameof(Urls)}: {fault}", nameof(Urls));
        }
        if (!Enum.IsDefined(Device))
        {
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "unknown execution device");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(DeviceId);
        ArgumentOutOfRangeException.ThrowIfNegative(Threads);
        Check(MaxBatch, 1, MaxBatchLimit, nameof(MaxBatch));
        Check(MaxBodyBytes, MinBodyBytes, BodyBytesLimit, nameof(MaxBodyBytes));
        Check(LatentPoints, 0, LatentPointsLimit, nameof(LatentPoints));
        Check(DrainSeconds, 0, DrainSecondsLimit, nameof(DrainSeconds));
    }

    /// <summary>
    /// What is wrong with <paramref name="urls"/> as listen addresses (';'-separated absolute http or https URLs with a
    /// host and no path; Kestrel's wildcard hosts <c>*</c> and <c>+</c> included), or null when nothing is.
    /// </summary>
    public static string? CheckUrls(string? urls)
    {
        var addresses = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            return $"needs at least one address, e.g. {DefaultUrls}";
        }
        foreach (string url in addresses)
        {
            // Uri does not parse Kestrel's wildcard hosts (http://*:5080, http://+:5080).
            string probe = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || url.EndsWith(':'))
            {
                return $"'{url}' is not an address like {DefaultUrls}";
            }
        }
        return null;
    }

    private static void Check(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}");
        }
    }
}
