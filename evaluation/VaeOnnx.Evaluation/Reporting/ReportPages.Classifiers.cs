using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Reporting;

// The classifier section: every classifier side by side, then each one's per-class metrics and confusion matrix.
public static partial class ReportPages
{
    private static string Protocol(ClassifierSuite suite)
    {
        var fitted = suite.Runs.FirstOrDefault(run => run.Result.TrainRows > 0) ?? suite.Runs[0];
        int scored = fitted.Result.Labels.Length;
        return suite.Protocol == ClassifierProtocol.TrainTest
            ? Invariant($"fit on the {fitted.Result.TrainRows:N0} training latents, scored on the {scored:N0} test latents")
            : Invariant($"seeded 80/20 split of the test latents: fit on {fitted.Result.TrainRows:N0}, scored on {scored:N0}");
    }

    private static List<Block> ClassifierBlocks(EvaluationResult r)
    {
        var suite = r.Classifiers;
        var runs = suite.Runs;
        var blocks = new List<Block>
        {
            new Paragraph(Invariant($"Protocol: {Protocol(suite)}; seed {r.Options.Seed}. ROC-AUC is one-vs-rest on the class probabilities, computed here (trapezoid over distinct thresholds, ties as scikit-learn). The confusion matrix and ROC figures show {suite.Best.Name}, the most accurate.")
                + string.Concat(runs.Select(run => $" {run.Name}: {run.Implementation}."))),
        };
        if (r.Conditional)
        {
            blocks.Add(new Paragraph($"Note: {ReportText.ConditionalClassifierNote}."));
        }
        foreach (var missing in suite.Unavailable)
        {
            blocks.Add(new Paragraph($"{missing.Name}: unavailable ({missing.Reason})."));
        }
        string[] header = ["metric", .. runs.Select(run => run.Name)];
        string[] Metric(string name, Func<ClassifierRun, string> value) => [name, .. runs.Select(value)];
        blocks.Add(new TableBlock(new Table(header,
            [
                Metric("accuracy", run => F(run.Report.Accuracy, 4)),
                Metric("macro precision", run => F(run.Report.Macro.Precision, 4)),
                Metric("macro recall", run => F(run.Report.Macro.Recall, 4)),
                Metric("macro F1", run => F(run.Report.Macro.F1, 4)),
                Metric("weighted precision", run => F(run.Report.Weighted.Precision, 4)),
                Metric("weighted recall", run => F(run.Report.Weighted.Recall, 4)),
                Metric("weighted F1", run => F(run.Report.Weighted.F1, 4)),
                Metric("ROC-AUC micro", run => F(run.Roc.Micro.Auc, 4)),
                Metric("ROC-AUC macro", run => F(run.Roc.MacroAuc, 4)),
                Metric("fitted on", run => run.Result.TrainRows > 0 ? I(run.Result.TrainRows) : "vae-train"),
                Metric("seconds (fit + score)", run => F(run.Seconds, 2)),
            ],
            "Classifiers side by side")));
        blocks.Add(new TableBlock(new Table(
            ["digit", .. runs.Select(run => $"F1 {run.Id}"), .. runs.Select(run => $"ROC-AUC {run.Id}")],
            [.. Enumerable.Range(0, runs[0].Report.Classes).Select(d => (string[])
                [I(d), .. runs.Select(run => F(run.Report.PerClass[d].F1, 4)), .. runs.Select(run => F(run.Roc.PerClass[d].Auc, 4))])],
            "Per digit, side by side")));
        foreach (var run in runs)
        {
            var report = run.Report;
            blocks.Add(new TableBlock(new Table(["digit", "precision", "recall", "F1", "support", "ROC-AUC"],
                [
                    .. report.PerClass.Select(m => new[] { I(m.Label), F(m.Precision, 4), F(m.Recall, 4), F(m.F1, 4), I(m.Support), F(run.Roc.PerClass[m.Label].Auc, 4) }),
                    ["macro average", F(report.Macro.Precision, 4), F(report.Macro.Recall, 4), F(report.Macro.F1, 4), I(report.Count), F(run.Roc.MacroAuc, 4)],
                    ["weighted average", F(report.Weighted.Precision, 4), F(report.Weighted.Recall, 4), F(report.Weighted.F1, 4), I(report.Count), ""],
                    ["micro average", "", "", "", "", F(run.Roc.Micro.Auc, 4)],
                ],
                Invariant($"{run.Name}: per-class metrics (accuracy {report.Accuracy:0.0000})"))));
            blocks.Add(new TableBlock(new Table(["true \\ predicted", .. Enumerable.Range(0, report.Classes).Select(I)],
                [.. report.ConfusionMatrix.Select((row, t) => (string[])[I(t), .. row.Select(I)])],
                $"{run.Name}: confusion matrix (counts)")));
            blocks.Add(new Paragraph($"{run.Name}, most frequent confusions (true → predicted): " + string.Join(", ",
                report.WorstConfusions(6).Select(w => Invariant($"{w.True} → {w.Predicted} ({w.Count})"))) + "."));
        }
        return blocks;
    }
}
