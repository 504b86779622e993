using System.Text.Json;
using System.Text.Json.Nodes;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Reporting;

/// <summary>
/// <see cref="ArtifactNames.Metrics"/>: every number of the run, the options, model metadata and stage timings. Non-finite numbers
/// (a PSNR of +∞, an undefined AUC) are written as <c>null</c>; how many PSNR values were infinite is recorded.
/// </summary>
public static class MetricsJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Serialises <paramref name="r"/>.</summary>
    public static string Write(EvaluationResult r) => Build(r).ToJsonString(Indented) + "\n";

    /// <summary>The JSON document as a node tree.</summary>
    public static JsonObject Build(EvaluationResult r)
    {
        var o = r.Options;
        return new JsonObject
        {
            ["tool"] = $"vae-evaluate {typeof(MetricsJson).Assembly.GetName().Version}",
            ["createdUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["options"] = new JsonObject
            {
                ["models"] = o.ModelDirectory,
                ["data"] = o.DataDirectory,
                ["out"] = o.OutputDirectory,
                ["sampleSize"] = o.SampleSize is { } s ? s : null,
                ["trees"] = o.Trees,
                ["classifier"] = CliOptions.ChoiceName(o.Classifier),
                ["classifierProtocol"] = CliOptions.ChoiceName(o.Protocol),
                ["tsne"] = CliOptions.ChoiceName(o.TSne),
                ["tsnePerplexity"] = o.TSnePerplexity,
                ["seed"] = o.Seed,
                ["device"] = CliOptions.ChoiceName(o.Device),
                ["threads"] = o.Threads,
            },
            ["model"] = new JsonObject
            {
                ["latentDim"] = r.LatentDim,
                ["conditional"] = r.Conditional,
                ["provider"] = r.Provider,
                ["metadata"] = new JsonObject(r.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
                ["trainingSettings"] = r.History.History?.Training is { } settings ? JsonSerializer.SerializeToNode(settings, TrainingHistory.Json) : null,
                ["signature"] = r.History.History?.Signature is { } signature ? JsonNode.Parse(signature.ToJson()) : null,
                ["trainingHistory"] = r.History.HasEpochs
                    ? new JsonObject
                    {
                        ["epochs"] = r.History.Epochs.Count,
                        ["finalTrainLoss"] = Number(r.History.Epochs[^1].Train?.Loss),
                        ["finalTestLoss"] = Number(r.History.Epochs[^1].Test?.Loss),
                    }
                    : new JsonObject { ["missing"] = r.History.Problem },
            },
            ["data"] = new JsonObject
            {
                ["trainImages"] = r.TrainCount,
                ["testImages"] = r.TestCount,
                ["reconstructionImages"] = r.EvaluatedCount,
                ["reconstructionSelection"] = r.EvaluatedCount == r.TestCount ? "all test images" : $"first {r.EvaluatedCount} test images",
            },
            ["classifiers"] = Classifiers(r),
            ["reconstruction"] = new JsonObject
            {
                ["images"] = r.EvaluatedCount,
                ["reconstructedFrom"] = "decoder(mu)",
                ["definitions"] = new JsonObject
                {
                    ["ssim"] = "scikit-image structural_similarity defaults: 7x7 uniform window, K1=0.01, K2=0.03, data_range=1, sample covariance (49/48), mean over the interior cropped by 3 px; double precision",
                    ["psnr"] = "10*log10(1/MSE) dB (data_range 1); identical images give +inf, written null here and left out of the statistics (see infiniteCount)",
                    ["mse"] = $"mean over the {r.Image.Size} pixels ({r.Image}) of (original - reconstruction)^2",
                    ["statistics"] = "std is the population standard deviation (ddof 0); percentiles interpolate linearly (NumPy default)",
                },
                ["ssim"] = Summary(r.Ssim),
                ["psnr"] = Summary(r.Psnr),
                ["mse"] = Summary(r.Mse),
            },
            ["latentPlane"] = r.Pca is null
                ? new JsonObject { ["method"] = "identity (2-D latents)" }
                : new JsonObject
                {
                    ["method"] = "PCA of test mu (sample covariance, eigen-decomposition)",
                    ["mean"] = Array(r.Pca.Mean),
                    ["components"] = new JsonArray([.. r.Pca.Components.Select(Array)]),
                    ["explainedVariance"] = Array(r.Pca.ExplainedVariance),
                    ["explainedVarianceRatio"] = Array(r.Pca.ExplainedVarianceRatio),
                },
            ["latentViews"] = Views(r.Views),
            ["timingsSeconds"] = new JsonObject(r.Timings
                .GroupBy(t => t.Name)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)JsonValue.Create(Math.Round(g.Sum(t => t.Seconds), 4))))
                .Append(KeyValuePair.Create("total", (JsonNode?)JsonValue.Create(Math.Round(r.TotalSeconds, 4))))),
            ["artifacts"] = new JsonArray([.. r.Artifacts.Select(a => (JsonNode?)JsonValue.Create(a))]),
        };
    }

    private static JsonObject Classifiers(EvaluationResult r)
    {
        var suite = r.Classifiers;
        return new JsonObject
        {
            ["protocol"] = suite.Protocol == ClassifierProtocol.TrainTest
                ? "fit on train latents, scored on test latents (the MLP is fitted by vae-train on the train latents)"
                : "seeded 80/20 split of the test latents (the MLP, fitted by vae-train on the train latents, scores the same 20 %)",
            ["best"] = suite.Best.Id,
            ["bestRule"] = "highest accuracy, the first in report order (forest, logistic, mlp) on a tie; confusion_matrix.png and roc_curves.png show it",
            ["note"] = r.Conditional ? ReportText.ConditionalClassifierNote : null,
            ["runs"] = new JsonArray([.. suite.Runs.Select(c => (JsonNode)Classifier(c))]),
            ["unavailable"] = new JsonArray([.. suite.Unavailable.Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.Id,
                ["name"] = u.Name,
                ["reason"] = u.Reason,
            })]),
        };
    }

    private static JsonObject Views(LatentViews views) => new()
    {
        ["trustworthinessNeighbours"] = Trustworthiness.DefaultNeighbours,
        ["trustworthinessDefinition"] = "sklearn.manifold.trustworthiness of each view against the test mu, exact; the latent axes of a 2-D space are 1 by definition",
        ["oneNnAccuracyDefinition"] = "leave-one-out 1-nearest-neighbour accuracy of the digit labels (Euclidean)",
        ["latentOneNnAccuracy"] = views.LatentOneNnAccuracy,
        ["views"] = new JsonArray([.. views.Planes.Select(v => (JsonNode)new JsonObject
        {
            ["method"] = v.Method.Id,
            ["title"] = v.Method.Title,
            ["file"] = v.Method.TestFileName,
            ["trustworthiness"] = Number(v.Quality?.Trustworthiness),
            ["oneNnAccuracy"] = Number(v.Quality?.OneNnAccuracy),
        })]),
        ["tsne"] = views.TSne is { } t
            ? new JsonObject
            {
                ["implementation"] = "Barnes-Hut t-SNE as scikit-learn's TSNE defaults: exact 3*perplexity+1 neighbours (vantage-point tree), perplexity by bisection, Student-t with 1 degree of freedom, quadtree repulsion, PCA initialisation scaled to std 1e-4, early exaggeration 12 for 250 steps (momentum 0.5, then 0.8), gains; deterministic",
                ["perplexity"] = t.Settings.Perplexity,
                ["neighbours"] = t.Result.Neighbours,
                ["iterations"] = t.Settings.Iterations,
                ["theta"] = t.Settings.Theta,
                ["earlyExaggeration"] = t.Settings.EarlyExaggeration,
                ["learningRate"] = t.Result.LearningRate,
                ["klDivergence"] = Number(t.Result.KlDivergence),
                ["threads"] = t.Settings.MaxDegreeOfParallelism,
                ["neighbourSeconds"] = Math.Round(t.Result.NeighbourSeconds, 4),
                ["optimiseSeconds"] = Math.Round(t.Result.OptimiseSeconds, 4),
                ["seconds"] = Math.Round(t.Seconds, 4),
            }
            : new JsonObject { ["skipped"] = views.TSneNote },
    };

    private static JsonObject Classifier(ClassifierRun c)
    {
        var report = c.Report;
        var roc = c.Roc;
        return new JsonObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
            ["implementation"] = c.Implementation,
            ["trainRows"] = c.Result.TrainRows > 0 ? c.Result.TrainRows : null,
            ["scoredRows"] = c.Result.Labels.Length,
            ["fitSeconds"] = Math.Round(c.Result.FitSeconds, 4),
            ["scoreSeconds"] = Math.Round(c.Result.ScoreSeconds, 4),
            ["seconds"] = Math.Round(c.Seconds, 4),
            ["accuracy"] = report.Accuracy,
            ["macro"] = Averages(report.Macro),
            ["weighted"] = Averages(report.Weighted),
            ["perClass"] = new JsonArray([.. report.PerClass.Select(m => (JsonNode)new JsonObject
            {
                ["label"] = m.Label,
                ["precision"] = m.Precision,
                ["recall"] = m.Recall,
                ["f1"] = m.F1,
                ["support"] = m.Support,
                ["rocAuc"] = Number(roc.PerClass[m.Label].Auc),
            })]),
            ["confusionMatrix"] = new JsonArray([.. report.ConfusionMatrix.Select(row => (JsonNode)new JsonArray([.. row.Select(v => (JsonNode?)JsonValue.Create(v))]))]),
            ["confusionMatrixLayout"] = "rows: true label, columns: predicted label",
            ["worstConfusions"] = new JsonArray([.. report.WorstConfusions(6).Select(w => (JsonNode)new JsonObject
            {
                ["true"] = w.True,
                ["predicted"] = w.Predicted,
                ["count"] = w.Count,
            })]),
            ["rocAuc"] = new JsonObject
            {
                ["micro"] = Number(roc.Micro.Auc),
                ["macro"] = Number(roc.MacroAuc),
                ["perClass"] = Array(roc.PerClass.Select(p => p.Auc)),
                ["method"] = "one-vs-rest on class probabilities; trapezoid over distinct thresholds (ties as one diagonal step, as scikit-learn); micro pools all (example, class) pairs; macro is the mean of per-class AUCs",
            },
            ["rocCurves"] = new JsonObject
            {
                ["note"] = $"TPR sampled at {CurvePoints} evenly spaced FPR values (linear interpolation, the upper value on vertical steps); the AUCs above come from the full curves",
                ["fpr"] = Array(Enumerable.Range(0, CurvePoints).Select(i => i / (double)(CurvePoints - 1))),
                ["micro"] = Curve(roc.Micro.FalsePositiveRates, roc.Micro.TruePositiveRates),
                ["macro"] = Curve(roc.MacroFalsePositiveRates, roc.MacroTruePositiveRates),
                ["perClass"] = new JsonArray([.. roc.PerClass.Select(p => (JsonNode?)(double.IsNaN(p.Auc) ? null : Curve(p.FalsePositiveRates, p.TruePositiveRates)))]),
            },
        };
    }

    private static JsonObject Summary(MetricSummary s) => new()
    {
        ["overall"] = Stats(s.Overall),
        ["perDigit"] = new JsonArray([.. s.PerDigit.Select((d, i) =>
        {
            var node = Stats(d);
            node.Insert(0, "digit", i);
            return (JsonNode)node;
        })]),
    };

    private static JsonObject Stats(DescriptiveStatistics s) => new()
    {
        ["count"] = s.Count,
        ["infiniteCount"] = s.NonFiniteCount,
        ["mean"] = Number(s.Mean),
        ["std"] = Number(s.Std),
        ["median"] = Number(s.Median),
        ["min"] = Number(s.Min),
        ["max"] = Number(s.Max),
        ["p5"] = Number(s.P5),
        ["p25"] = Number(s.P25),
        ["p75"] = Number(s.P75),
        ["p95"] = Number(s.P95),
    };

    private static JsonObject Averages(AveragedMetrics m) => new()
    {
        ["precision"] = m.Precision,
        ["recall"] = m.Recall,
        ["f1"] = m.F1,
    };

    /// <summary>Points per ROC curve in the file (the full curves can hold tens of thousands).</summary>
    public const int CurvePoints = 201;

    // TPR on the shared FPR grid.
    private static JsonArray Curve(double[] fpr, double[] tpr) =>
        Array(Enumerable.Range(0, CurvePoints).Select(i => Math.Round(RocCurve.Interpolate(fpr, tpr, i / (double)(CurvePoints - 1)), 6)));

    private static JsonArray Array(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode?)Number(v))]);

    private static JsonValue? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
