using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>Summary of one reconstruction metric: over all evaluated images and per digit.</summary>
public sealed record MetricSummary(DescriptiveStatistics Overall, DescriptiveStatistics[] PerDigit);

/// <summary>The classifier run and everything computed from its predictions.</summary>
/// <param name="Protocol">How it was trained and scored.</param>
/// <param name="Trees">Trees per forest.</param>
/// <param name="Result">Predictions and scores.</param>
/// <param name="Report">Accuracy, confusion matrix, precision/recall/F1.</param>
/// <param name="Roc">One-vs-rest ROC analysis.</param>
/// <param name="Seconds">Wall time of fitting and scoring (on a background task).</param>
public sealed record ClassifierRun(ClassifierProtocol Protocol, int Trees, ClassifierResult Result,
    ClassificationReport Report, MulticlassRoc Roc, double Seconds)
{
    /// <summary>Display name.</summary>
    public string Name => $"RandomForest ({Trees} trees)";
}

/// <summary>Everything an evaluation run computed, for the report writers.</summary>
public sealed record EvaluationResult
{
    /// <summary>Options the run used.</summary>
    public required EvaluationOptions Options { get; init; }

    /// <summary>Execution provider of the model.</summary>
    public required string Provider { get; init; }

    /// <summary>Latent size.</summary>
    public required int LatentDim { get; init; }

    /// <summary>Shape of the model's images (from its signature).</summary>
    public required ImageShape Image { get; init; }

    /// <summary>Model metadata.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Training history (possibly empty).</summary>
    public required HistoryFile History { get; init; }

    /// <summary>Training images encoded.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Test images encoded.</summary>
    public required int TestCount { get; init; }

    /// <summary>Test images whose reconstructions were scored.</summary>
    public required int EvaluatedCount { get; init; }

    /// <summary>Classifier outcome.</summary>
    public required ClassifierRun Classifier { get; init; }

    /// <summary>Per-image SSIM/PSNR/MSE.</summary>
    public required ImageQualityScores Quality { get; init; }

    /// <summary>Labels of the evaluated images.</summary>
    public required byte[] EvaluatedLabels { get; init; }

    /// <summary>SSIM summary.</summary>
    public required MetricSummary Ssim { get; init; }

    /// <summary>PSNR summary.</summary>
    public required MetricSummary Psnr { get; init; }

    /// <summary>MSE summary.</summary>
    public required MetricSummary Mse { get; init; }

    /// <summary>PCA of the test latents when the latent space has more than two dimensions.</summary>
    public required Pca? Pca { get; init; }

    /// <summary>Stage timings in order.</summary>
    public required IReadOnlyList<(string Name, double Seconds)> Timings { get; init; }

    /// <summary>Total wall time up to the report.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>Files written into the output folder (names), figures first.</summary>
    public required IReadOnlyList<string> Artifacts { get; init; }

    /// <summary>Figure files with a one-line caption each, in report order.</summary>
    public required IReadOnlyList<(string File, string Caption)> Figures { get; init; }
}
