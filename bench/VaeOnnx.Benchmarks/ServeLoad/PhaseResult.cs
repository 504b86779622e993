namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>Latency and throughput of one phase (one kind of request) of a load run; percentiles as numpy's default.</summary>
public sealed record PhaseResult(string Name, int CodesPerRequest, int Requests, int Completed, int Failed, double Seconds,
    double RequestsPerSecond, double CodesPerSecond, double P50Ms, double P90Ms, double P99Ms, double MaxMs, bool TimedOut);
