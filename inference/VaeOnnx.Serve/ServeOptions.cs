using VaeOnnx.Contract;

namespace VaeOnnx.Serve;

/// <summary>Everything <see cref="VaeServer.Build"/> needs; <see cref="ServeCommand.Parse"/> fills it from the command line.</summary>
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

    /// <summary>Whether every request is logged (one line each). The load test turns it off.</summary>
    public bool LogRequests { get; init; } = true;

    /// <summary>Checks ranges; throws <see cref="ServeUsageException"/> with a one-line message.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ServeUsageException("--models must name a folder");
        }
        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ServeUsageException("--urls must name at least one address, e.g. http://127.0.0.1:5080");
        }
        foreach (string url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel also takes wildcard hosts (http://*:5080, http://+:5080), which Uri does not parse.
            string probe = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || url.EndsWith(':'))
            {
                throw new ServeUsageException($"--urls: '{url}' is not an address like http://127.0.0.1:5080");
            }
        }
        if (!Enum.IsDefined(Device))
        {
            throw new ServeUsageException($"unknown device {Device}");
        }
        Check(DeviceId, 0, 64, "--device-id");
        Check(Threads, 0, 1024, "--threads");
        Check(MaxBatch, 1, 1 << 16, "--max-batch");
        Check(LatentPoints, 0, 1_000_000, "--latent-points");
        if (MaxBodyBytes < 1024 || MaxBodyBytes > (1L << 30))
        {
            throw new ServeUsageException($"--max-body-bytes must be between 1024 and {1L << 30}, got {MaxBodyBytes}");
        }
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ServeUsageException($"{name} must be between {min} and {max}, got {value}");
        }
    }
}

/// <summary>A bad command line or option value: reported as one line, exit code 2.</summary>
public sealed class ServeUsageException(string message) : Exception(message);
