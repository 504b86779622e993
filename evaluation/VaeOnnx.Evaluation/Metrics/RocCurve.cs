namespace VaeOnnx.Evaluation.Metrics;

/// <summary>
/// A receiver operating characteristic curve and the area under it, computed as scikit-learn's
/// <c>roc_curve</c> / <c>roc_auc_score</c> do.
/// </summary>
/// <param name="FalsePositiveRates">FPR per point, starting at 0 (the point before every threshold).</param>
/// <param name="TruePositiveRates">TPR per point, starting at 0.</param>
/// <param name="Thresholds">Score threshold per point (score ≥ threshold counts as positive); the first is +∞.</param>
/// <param name="Auc">Trapezoidal area under the full curve; NaN when the positives or the negatives are missing.</param>
/// <param name="Positives">Number of positive examples.</param>
/// <param name="Negatives">Number of negative examples.</param>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates, double[] Thresholds,
    double Auc, int Positives, int Negatives)
{
    /// <summary>
    /// The ROC curve of binary <paramref name="isPositive"/> labels ranked by <paramref name="scores"/> (higher
    /// means more positive). One point per distinct score, so tied scores move FPR and TPR together in a single
    /// diagonal step — the area then counts a tied positive/negative pair as half a correct ranking, exactly as
    /// scikit-learn does. With <paramref name="dropIntermediate"/> (scikit-learn's default) points on straight
    /// segments are dropped from the returned curve; the area is always computed on the full curve.
    /// </summary>
    public static RocCurve Compute(ReadOnlySpan<bool> isPositive, ReadOnlySpan<double> scores, bool dropIntermediate = true)
    {
        if (isPositive.Length != scores.Length)
        {
            throw new ArgumentException($"{isPositive.Length} labels but {scores.Length} scores");
        }
        int n = scores.Length;
        var keys = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"score {i} is NaN", nameof(scores));
            }
            keys[i] = -scores[i];
            order[i] = i;
        }
        Array.Sort(keys, order);

        // Cumulative true/false positives at the last index of each run of equal scores.
        var tps = new List<double>(Math.Min(n, 4096)) { 0 };
        var fps = new List<double>(Math.Min(n, 4096)) { 0 };
        var thresholds = new List<double>(Math.Min(n, 4096)) { double.PositiveInfinity };
        double tp = 0, fp = 0;
        for (int k = 0; k < n; k++)
        {
            if (isPositive[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }
            if (k == n - 1 || keys[k + 1] != keys[k])
            {
                tps.Add(tp);
                fps.Add(fp);
                thresholds.Add(-keys[k]);
            }
        }
        int positives = (int)tp, negatives = (int)fp;
        var fpr = fps.Select(v => v / negatives).ToArray();
        var tpr = tps.Select(v => v / positives).ToArray();
        double auc = positives == 0 || negatives == 0 ? double.NaN : Trapezoid(fpr, tpr);
        var thresholdArray = thresholds.ToArray();
        if (dropIntermediate)
        {
            (fpr, tpr, thresholdArray) = DropCollinear(fps, tps, fpr, tpr, thresholdArray);
        }
        return new RocCurve(fpr, tpr, thresholdArray, auc, positives, negatives);
    }

    /// <summary>Trapezoidal integral of <paramref name="y"/> over <paramref name="x"/> (x must be monotone).</summary>
    public static double Trapezoid(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double area = 0;
        for (int i = 1; i < x.Length; i++)
        {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return area;
    }

    /// <summary>
    /// Linear interpolation of a curve with non-decreasing <paramref name="xs"/> at <paramref name="x"/>, as
    /// NumPy's <c>interp</c> (on a vertical step, the value after the step).
    /// </summary>
    public static double Interpolate(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x)
    {
        if (x <= xs[0] && (xs.Length == 1 || xs[1] > xs[0]))
        {
            return ys[0];
        }
        if (x >= xs[^1])
        {
            return ys[^1];
        }
        // Last j with xs[j] <= x.
        int lo = 0, hi = xs.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (xs[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        double span = xs[lo + 1] - xs[lo];
        return span == 0 ? ys[lo] : ys[lo] + ((ys[lo + 1] - ys[lo]) * (x - xs[lo]) / span);
    }

    // scikit-learn: keep the first and last points and every point where the second difference of fps or
    // tps is non-zero; the point (0, 0) stays in front.
    private static (double[] Fpr, double[] Tpr, double[] Thresholds) DropCollinear(
        List<double> fps, List<double> tps, double[] fpr, double[] tpr, double[] thresholds)
    {
        int m = fps.Count - 1; // points after the prepended (0, 0)
        if (m <= 2)
        {
            return (fpr, tpr, thresholds);
        }
        var keep = new List<int>(m + 1) { 0, 1 };
        for (int k = 2; k < m; k++)
        {
            // Points k-1, k, k+1 of the curve after the first element (indices shift by one).
            double d2f = fps[k + 1] - (2 * fps[k]) + fps[k - 1];
            double d2t = tps[k + 1] - (2 * tps[k]) + tps[k - 1];
            if (d2f != 0 || d2t != 0)
            {
                keep.Add(k);
            }
        }
        keep.Add(m);
        return ([.. keep.Select(i => fpr[i])], [.. keep.Select(i => tpr[i])], [.. keep.Select(i => thresholds[i])]);
    }
}
