using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Metrics;

public sealed class RocCurveTests
{
    [Fact]
    public void Compute_ScikitLearnDocExample_GivesAuc075AndItsCurve()
    {
        // sklearn.metrics.roc_curve([0,0,1,1], [0.1,0.4,0.35,0.8]): fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1].
        var roc = RocCurve.Compute([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
        Assert.Equal(0.75, roc.Auc, 12);
        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], roc.TruePositiveRates);
        Assert.Equal([double.PositiveInfinity, 0.8, 0.4, 0.35, 0.1], roc.Thresholds);
    }

    [Fact]
    public void Compute_AllScoresTied_GivesChanceAuc()
    {
        var roc = RocCurve.Compute([false, true, false, true], [0.5, 0.5, 0.5, 0.5]);
        Assert.Equal(0.5, roc.Auc, 12);
        Assert.Equal([0, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 1], roc.TruePositiveRates);
    }

    [Fact]
    public void Compute_TiesAcrossClasses_CountHalfAsMannWhitney()
    {
        // Positives {0.5, 0.9, 0.3}, negatives {0.1, 0.5}: wins 1 + 0.5 (tie) + 2 + 1 = 4.5 of 6 pairs.
        var roc = RocCurve.Compute([false, false, true, true, true], [0.1, 0.5, 0.5, 0.9, 0.3], dropIntermediate: false);
        Assert.Equal(0.75, roc.Auc, 12);
        // Thresholds ∞, 0.9, 0.5 (one positive and one negative together), 0.3, 0.1.
        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 1 / 3.0, 2 / 3.0, 1, 1], roc.TruePositiveRates);
    }

    [Fact]
    public void Compute_PerfectRanking_GivesAucOne()
    {
        var roc = RocCurve.Compute([true, true, false, false, false], [5, 4, 3, 2, 1]);
        Assert.Equal(1.0, roc.Auc, 12);
    }

    [Fact]
    public void Compute_InvertedRanking_GivesAucZero()
    {
        var roc = RocCurve.Compute([false, false, true, true], [4, 3, 2, 1]);
        Assert.Equal(0.0, roc.Auc, 12);
    }

    [Fact]
    public void Compute_OneClassOnly_GivesNaNAuc()
    {
        var roc = RocCurve.Compute([true, true], [0.2, 0.7]);
        Assert.True(double.IsNaN(roc.Auc));
        Assert.Equal(0, roc.Negatives);
    }

    [Fact]
    public void Compute_DropIntermediate_KeepsCornersAndArea()
    {
        bool[] truth = [true, true, true, false, false, false, true, false];
        double[] scores = [8, 7, 6, 5, 4, 3, 2, 1];
        var full = RocCurve.Compute(truth, scores, dropIntermediate: false);
        var dropped = RocCurve.Compute(truth, scores);
        Assert.Equal(full.Auc, dropped.Auc, 12);
        Assert.Equal(RocCurve.Trapezoid(dropped.FalsePositiveRates, dropped.TruePositiveRates), full.Auc, 12);
        Assert.True(dropped.FalsePositiveRates.Length < full.FalsePositiveRates.Length);
        // scikit-learn keeps (0,0), the first threshold's point and the corners of the staircase.
        Assert.Equal([0, 0, 0, 0.75, 0.75, 1], dropped.FalsePositiveRates);
        Assert.Equal([0, 0.25, 0.75, 0.75, 1, 1], dropped.TruePositiveRates);
    }

    [Fact]
    public void Interpolate_OnVerticalStep_TakesValueAfterStepAsNumPy()
    {
        double[] xs = [0, 0.5, 0.5, 1];
        double[] ys = [0, 0.2, 0.8, 1];
        Assert.Equal(0.8, RocCurve.Interpolate(xs, ys, 0.5), 12);
        Assert.Equal(0.1, RocCurve.Interpolate(xs, ys, 0.25), 12);
        Assert.Equal(0.9, RocCurve.Interpolate(xs, ys, 0.75), 12);
        Assert.Equal(1, RocCurve.Interpolate(xs, ys, 1), 12);
    }
}
