using System.Diagnostics;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>
/// The classifiers on the latent means that <c>--classifier</c> chose (the pipeline runs them in the background):
/// the forest and the logistic regression are fitted here under the protocol, the trainer's MLP only scores the
/// same rows. Each gets the full report and ROC analysis; they do not share anything, so running them side by side
/// changes no number.
/// </summary>
/// <param name="options">The run's options (selection, protocol, trees, seed, threads).</param>
/// <param name="exported">The trainer's classifier, or why there is none.</param>
/// <param name="classes">Number of classes.</param>
public sealed class ClassifierStage(EvaluationOptions options, ExportedClassifier exported, int classes)
{
    /// <summary>The classifiers a selection runs, in report order.</summary>
    public static IReadOnlyList<ClassifierKind> KindsOf(ClassifierSelection selection) => selection switch
    {
        ClassifierSelection.Forest => [ClassifierKind.Forest],
        ClassifierSelection.Logistic => [ClassifierKind.Logistic],
        ClassifierSelection.Mlp => [ClassifierKind.Mlp],
        _ => [ClassifierKind.Forest, ClassifierKind.Logistic, ClassifierKind.Mlp],
    };

    /// <summary>Display name of a classifier.</summary>
    public string NameOf(ClassifierKind kind) => kind switch
    {
        ClassifierKind.Forest => $"RandomForest ({options.Trees} trees)",
        ClassifierKind.Logistic => "Logistic regression",
        _ => "MLP (vae-train)",
    };

    /// <summary>
    /// Fits (where the classifier is fitted here) and scores every chosen classifier, each on its own task: the
    /// forest keeps the cores busy while the logistic regression's optimiser, mostly on one thread, runs beside it.
    /// </summary>
    public ClassifierSuite Run(float[] trainMu, byte[] trainLabels, float[] testMu, byte[] testLabels, int d)
    {
        var (fitX, fitY, scoreX, scoreY) = options.Protocol == ClassifierProtocol.TrainTest
            ? (trainMu, trainLabels, testMu, testLabels)
            : Split(testMu, testLabels, d);
        var settings = new ClassifierSettings(options.Trees, options.Seed, options.Threads > 0 ? options.Threads : null);
        var kinds = KindsOf(options.Classifier);
        var tasks = kinds.Select(kind => Task.Factory.StartNew(() => RunOne(kind, fitX, fitY, scoreX, scoreY, d, settings),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var outcomes = tasks.Select(t => t.GetAwaiter().GetResult()).ToArray();
        return new ClassifierSuite(options.Protocol, [.. outcomes.Select(o => o.Run).OfType<ClassifierRun>()],
            [.. outcomes.Select(o => o.Missing).OfType<UnavailableClassifier>()]);
    }

    private (ClassifierRun? Run, UnavailableClassifier? Missing) RunOne(ClassifierKind kind, float[] fitX, byte[] fitY,
        float[] scoreX, byte[] scoreY, int d, ClassifierSettings settings)
    {
        var clock = Stopwatch.StartNew();
        ClassifierResult result;
        string implementation;
        if (kind == ClassifierKind.Mlp)
        {
            if (exported.Scorer is not { } scorer)
            {
                return (null, new UnavailableClassifier(kind, NameOf(kind), exported.Problem?.Message ?? "no classifier exported"));
            }
            result = ClassifierResult.FromScores(scoreY, scorer.Probabilities(scoreX), classes, trainRows: 0, fitSeconds: 0, clock.Elapsed.TotalSeconds);
            implementation = $"the trainer's MLP ({scorer.Description}), fitted on the training μ by vae-train, scored here through ONNX Runtime";
        }
        else
        {
            result = LatentClassifier.FitAndScore(fitX, fitY, scoreX, scoreY, d, classes, settings, kind);
            implementation = kind == ClassifierKind.Forest
                ? "ML.NET 5 OneVersusAll(FastForest), probabilities normalised per row"
                : "ML.NET 5 LbfgsMaximumEntropy (multinomial logistic regression, L1 = L2 = 1), softmax probabilities";
        }
        var run = new ClassifierRun(kind, NameOf(kind), implementation, result,
            ClassificationReport.Compute(result.Labels, result.Predicted, classes), MulticlassRoc.Compute(result.Labels, result.Scores, classes),
            clock.Elapsed.TotalSeconds);
        return (run, null);
    }

    private (float[], byte[], float[], byte[]) Split(float[] mu, byte[] labels, int d)
    {
        var (fit, score) = LatentClassifier.Split(labels.Length, 0.8, options.Seed);
        var (fitX, fitY) = LatentClassifier.Gather(mu, labels, d, fit);
        var (scoreX, scoreY) = LatentClassifier.Gather(mu, labels, d, score);
        return (fitX, fitY, scoreX, scoreY);
    }
}
