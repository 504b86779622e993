using VaeOnnx.Serve;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>A bounded decode load against an in-process server on loopback.</summary>
public sealed record LoadTestOptions
{
    /// <summary>The server's options (model, threads, limits); URLs and micro-batching are set per run.</summary>
    public ServeOptions Server { get; init; } = new();

    /// <summary>Single-code decode requests per run.</summary>
    public int SingleRequests { get; init; } = 2000;

    /// <summary>Batched decode requests per run, as JSON.</summary>
    public int BatchRequests { get; init; } = 200;

    /// <summary>
    /// Batched decode requests per run as .npy, and batches the library decodes for its rate: five times the JSON
    /// phase's, since each is five times faster (200 took 0.2 s, too short to be measured twice alike).
    /// </summary>
    public int NpyBatchRequests { get; init; } = 1000;

    /// <summary>Codes per batched request.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Concurrent clients.</summary>
    public int Clients { get; init; } = 16;

    /// <summary>Rounds of (without, with) micro-batching.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Where the JSON report goes.</summary>
    public string OutputPath { get; init; } = "reports/serve-load.json";

    /// <summary>Wall-clock limit for one phase; a phase still running then stops and is reported as incomplete.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Checks ranges (the server's options are checked when it is built).</summary>
    /// <exception cref="ArgumentException">A count out of range, or no output path.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server);
        Check(SingleRequests, 0, 1_000_000, nameof(SingleRequests));
        Check(BatchRequests, 0, 100_000, nameof(BatchRequests));
        Check(NpyBatchRequests, 0, 100_000, nameof(NpyBatchRequests));
        Check(BatchSize, 1, Server.MaxBatch, nameof(BatchSize));
        Check(Clients, 1, 1024, nameof(Clients));
        Check(Rounds, 1, 10, nameof(Rounds));
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputPath);
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}");
        }
    }
}
