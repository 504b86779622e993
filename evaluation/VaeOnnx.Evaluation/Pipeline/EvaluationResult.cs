using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>Summary of one reconstruction metric: over all evaluated images and per digit.</summary>
public sealed record MetricSummary(DescriptiveStatistics Overall, DescriptiveStatistics[] PerDigit);

/// <summary>One classifier on the latent means and everything computed from its predictions.</summary>
/// <param name="Kind">Which classifier.</param>
/// <param name="Name">Display name (e.g. "RandomForest (100 trees)").</param>
/// <param name="Implementation">What exactly ran, for the report.</param>
/// <param name="Result">Predictions and scores.</param>
/// <param name="Report">Accuracy, confusion matrix, precision/recall/F1.</param>
/// <param name="Roc">One-vs-rest ROC analysis.</param>
/// <param name="Seconds">Wall time of fitting and scoring (on a background task).</param>
public sealed record ClassifierRun(ClassifierKind Kind, string Name, string Implementation, ClassifierResult Result,
    ClassificationReport Report, MulticlassRoc Roc, double Seconds)
{
    /// <summary>Short name (<c>forest</c>, <c>logistic</c>, <c>mlp</c>), as <c>--classifier</c> takes it.</summary>
    public string Id => CliOptions.ChoiceName(Kind);
}

/// <summary>A chosen classifier that could not run.</summary>
/// <param name="Kind">Which classifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="Reason">Why (one line, naming the file).</param>
public sealed record UnavailableClassifier(ClassifierKind Kind, string Name, string Reason)
{
    /// <summary>Short name, as <c>--classifier</c> takes it.</summary>
    public string Id => CliOptions.ChoiceName(Kind);
}

/// <summary>Every classifier of the run.</summary>
/// <param name="Protocol">How they were fitted and scored.</param>
/// <param name="Runs">The classifiers that ran, in report order.</param>
/// <param name="Unavailable">The chosen ones that could not.</param>
public sealed record ClassifierSuite(ClassifierProtocol Protocol, IReadOnlyList<ClassifierRun> Runs, IReadOnlyList<UnavailableClassifier> Unavailable)
{
    /// <summary>The most accurate classifier (the first in report order on a tie): the confusion and ROC figures show it.</summary>
    public ClassifierRun Best => Runs.MaxBy(r => r.Report.Accuracy) ?? throw new InvalidOperationException("no classifier ran");

    /// <summary>The run of <paramref name="kind"/>, if it ran.</summary>
    public ClassifierRun? Of(ClassifierKind kind) => Runs.FirstOrDefault(r => r.Kind == kind);
}

/// <summary>Everything an evaluation run computed, for the report writers.</summary>
public sealed record EvaluationResult
{
    /// <summary>Options the run used.</summary>
    public required EvaluationOptions Options { get; init; }

    /// <summary>Execution provider of the model.</summary>
    public required string Provider { get; init; }

    /// <summary>What the model is (from its ONNX files).</summary>
    public required VaeSignature Signature { get; init; }

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

    /// <summary>Whether the model is conditioned on the label (a CVAE: μ is meant to carry style, not class).</summary>
    public required bool Conditional { get; init; }

    /// <summary>Classifier outcomes.</summary>
    public required ClassifierSuite Classifiers { get; init; }

    /// <summary>The 2-D views of the test μ with their quality, and the t-SNE run.</summary>
    public required LatentViews Views { get; init; }

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
