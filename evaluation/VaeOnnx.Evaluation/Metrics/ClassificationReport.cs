namespace VaeOnnx.Evaluation.Metrics;

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassMetrics(int Label, double Precision, double Recall, double F1, int Support);

/// <summary>Averaged precision, recall and F1.</summary>
public sealed record AveragedMetrics(double Precision, double Recall, double F1);

/// <summary>
/// Accuracy, confusion matrix and per-class/averaged precision, recall and F1, as scikit-learn's
/// <c>classification_report</c> (a ratio with a zero denominator counts as 0, scikit-learn's
/// <c>zero_division</c> default).
/// </summary>
/// <param name="Classes">Number of classes.</param>
/// <param name="ConfusionMatrix">Counts; row = true class, column = predicted class.</param>
/// <param name="Accuracy">Fraction of correct predictions.</param>
/// <param name="PerClass">Metrics per class.</param>
/// <param name="Macro">Unweighted mean over classes.</param>
/// <param name="Weighted">Mean over classes weighted by support.</param>
public sealed record ClassificationReport(int Classes, int[][] ConfusionMatrix, double Accuracy,
    ClassMetrics[] PerClass, AveragedMetrics Macro, AveragedMetrics Weighted)
{
    /// <summary>Number of examples.</summary>
    public int Count => ConfusionMatrix.Sum(row => row.Sum());

    /// <summary>Builds the report from true and predicted labels in 0..classes-1.</summary>
    public static ClassificationReport Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions");
        }
        var matrix = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            matrix[c] = new int[classes];
        }
        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(truth), $"label out of range 0..{classes - 1} at {i}");
            }
            matrix[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i])
            {
                correct++;
            }
        }
        var perClass = new ClassMetrics[classes];
        for (int c = 0; c < classes; c++)
        {
            int tp = matrix[c][c];
            int support = matrix[c].Sum();
            int predictedCount = 0;
            for (int r = 0; r < classes; r++)
            {
                predictedCount += matrix[r][c];
            }
            double precision = Ratio(tp, predictedCount);
            double recall = Ratio(tp, support);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(c, precision, recall, f1, support);
        }
        int total = truth.Length;
        var macro = new AveragedMetrics(perClass.Average(m => m.Precision), perClass.Average(m => m.Recall),
            perClass.Average(m => m.F1));
        var weighted = total == 0
            ? new AveragedMetrics(0, 0, 0)
            : new AveragedMetrics(perClass.Sum(m => m.Precision * m.Support) / total,
                perClass.Sum(m => m.Recall * m.Support) / total, perClass.Sum(m => m.F1 * m.Support) / total);
        return new ClassificationReport(classes, matrix, Ratio(correct, total), perClass, macro, weighted);
    }

    /// <summary>Each row divided by its sum (a row with no examples stays all zero).</summary>
    public double[][] RowNormalized() =>
        [.. ConfusionMatrix.Select(row =>
        {
            double sum = row.Sum();
            return row.Select(v => sum == 0 ? 0.0 : v / sum).ToArray();
        })];

    /// <summary>Off-diagonal cells ordered by count, largest first: (true, predicted, count).</summary>
    public IReadOnlyList<(int True, int Predicted, int Count)> WorstConfusions(int top) =>
        [.. Enumerable.Range(0, Classes)
            .SelectMany(t => Enumerable.Range(0, Classes).Where(p => p != t).Select(p => (t, p, ConfusionMatrix[t][p])))
            .Where(x => x.Item3 > 0)
            .OrderByDescending(x => x.Item3).ThenBy(x => x.t).ThenBy(x => x.p)
            .Take(top)];

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
