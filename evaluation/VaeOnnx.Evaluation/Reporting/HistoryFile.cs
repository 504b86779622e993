using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Reporting;

/// <summary>
/// The trainer's <see cref="ArtifactNames.History"/> as the evaluation found it: the contract's record, or why there is
/// none. A missing or unreadable history is not an error — the figures and the report say so instead.
/// </summary>
/// <param name="History">The parsed history, or null.</param>
/// <param name="Problem">Why there is no usable history, or null.</param>
public sealed record HistoryFile(TrainingHistory? History, string? Problem)
{
    /// <summary>No history, for the given reason.</summary>
    public static HistoryFile Missing(string problem) => new(null, problem);

    /// <summary>The recorded epochs (none when there is no history).</summary>
    public IReadOnlyList<EpochRecord> Epochs => History?.Epochs ?? [];

    /// <summary>Whether there is at least one epoch to plot.</summary>
    public bool HasEpochs => Epochs.Count > 0;

    /// <summary>Reads <paramref name="path"/>; never throws for a missing or malformed file.</summary>
    public static HistoryFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return Missing($"{path} not found");
        }
        try
        {
            var history = TrainingHistory.Load(path);
            return new HistoryFile(history, history.Epochs.Count == 0 ? $"{path}: no epochs recorded" : null);
        }
        catch (FormatException e)
        {
            return Missing(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Missing($"{path}: cannot read ({e.Message})");
        }
    }
}
