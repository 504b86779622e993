namespace VaeOnnx.Training;

/// <summary>How a call to <see cref="VaeTrainer.Run"/> ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All epochs are done.</summary>
    Completed,

    /// <summary>Stopped on request; a checkpoint holds the exact state to resume from.</summary>
    Interrupted,
}
