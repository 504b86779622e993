namespace VaeOnnx.Evaluation.Metrics;

/// <summary>One-vs-rest ROC analysis of a multiclass scorer.</summary>
/// <param name="PerClass">ROC of class c against the rest, ranked by the score of class c.</param>
/// <param name="Micro">ROC of every (example, class) pair pooled: scikit-learn's <c>average="micro"</c>.</param>
/// <param name="MacroFalsePositiveRates">FPR grid of the macro-average curve (union of the per-class FPRs).</param>
/// <param name="MacroTruePositiveRates">Mean per-class TPR interpolated on that grid (for plotting).</param>
/// <param name="MacroAuc">Unweighted mean of the per-class AUCs (scikit-learn's <c>average="macro"</c>), over the
/// classes whose AUC is defined.</param>
public sealed record MulticlassRoc(RocCurve[] PerClass, RocCurve Micro, double[] MacroFalsePositiveRates,
    double[] MacroTruePositiveRates, double MacroAuc)
{
    /// <summary>
    /// Computes per-class, micro- and macro-average ROC from <paramref name="scores"/> laid out
    /// <c>[N, classes]</c> row-major, e.g. class probabilities.
    /// </summary>
    public static MulticlassRoc Compute(ReadOnlySpan<int> labels, ReadOnlySpan<float> scores, int classes)
    {
        int n = labels.Length;
        if (scores.Length != (long)n * classes)
        {
            throw new ArgumentException($"expected {n}×{classes} scores, got {scores.Length}");
        }
        var perClass = new RocCurve[classes];
        var truth = new bool[n];
        var column = new double[n];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < n; i++)
            {
                truth[i] = labels[i] == c;
                column[i] = scores[(i * classes) + c];
            }
            perClass[c] = RocCurve.Compute(truth, column);
        }

        var pooledTruth = new bool[n * classes];
        var pooledScores = new double[n * classes];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < classes; c++)
            {
                pooledTruth[(i * classes) + c] = labels[i] == c;
                pooledScores[(i * classes) + c] = scores[(i * classes) + c];
            }
        }
        var micro = RocCurve.Compute(pooledTruth, pooledScores);

        var defined = perClass.Where(r => !double.IsNaN(r.Auc)).ToArray();
        double macroAuc = defined.Length == 0 ? double.NaN : defined.Average(r => r.Auc);
        var grid = defined.SelectMany(r => r.FalsePositiveRates).Distinct().Order().ToArray();
        var meanTpr = grid.Select(x => defined.Average(r => RocCurve.Interpolate(r.FalsePositiveRates, r.TruePositiveRates, x))).ToArray();
        return new MulticlassRoc(perClass, micro, grid, meanTpr, macroAuc);
    }
}
