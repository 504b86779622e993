namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// The phases against one server configuration: single codes, batches as JSON, the same batches as .npy both ways
/// (<paramref name="BatchedNpy"/>), and the library's own rate for such batches measured right after in the same process
/// (<paramref name="LibraryCodesPerSecond"/>: <see cref="Environment.ProcessorCount"/> threads calling
/// <c>VaeModel.Decode</c>, no HTTP). <paramref name="OnnxRuns"/> and <paramref name="DecodeRequests"/> are the
/// micro-batcher's counters (-1 without micro-batching).
/// </summary>
public sealed record RunResult(int Round, bool MicroBatching, PhaseResult Single, PhaseResult Batched, PhaseResult BatchedNpy,
    double LibraryCodesPerSecond, long OnnxRuns, long DecodeRequests);
