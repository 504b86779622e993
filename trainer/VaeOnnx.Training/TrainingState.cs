using VaeOnnx.Contract;

namespace VaeOnnx.Training;

/// <summary>
/// Where a run stands, as a checkpoint records it: epochs done, and — when interrupted inside an epoch — the
/// epoch's permutation, the next step and the partial sums, so a resumed run replays exactly what an
/// uninterrupted one would have done.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Epochs fully completed.</summary>
    public int EpochsCompleted { get; init; }

    /// <summary>Next step inside the running epoch (0 at an epoch boundary).</summary>
    public int NextStep { get; init; }

    /// <summary>The running epoch's sample order; null at an epoch boundary.</summary>
    public long[]? Permutation { get; init; }

    /// <summary>Sums of loss, BCE and KLD over the steps done in the running epoch.</summary>
    public double[] PartialSums { get; init; } = new double[3];

    /// <summary>Training seconds spent in the running epoch before the interruption.</summary>
    public double PartialSeconds { get; init; }

    /// <summary>Completed epochs.</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>State of the generator that drives shuffling and sampling noise.</summary>
    public byte[] GeneratorState { get; init; } = [];
}
