namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// Both phases against one server configuration; <paramref name="OnnxRuns"/> and <paramref name="DecodeRequests"/>
/// are the micro-batcher's counters (-1 without micro-batching).
/// </summary>
public sealed record RunResult(int Round, bool MicroBatching, PhaseResult Single, PhaseResult Batched, long OnnxRuns, long DecodeRequests);
