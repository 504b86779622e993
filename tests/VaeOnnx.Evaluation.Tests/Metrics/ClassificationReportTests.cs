using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Metrics;

public sealed class ClassificationReportTests
{
    // truth:     0 0 0 1 1 2
    // predicted: 0 0 1 1 2 2
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 2, 2];

    [Fact]
    public void Compute_HandCase_ConfusionMatrixRowsAreTrueClasses()
    {
        var report = ClassificationReport.Compute(Truth, Predicted, 3);
        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1], report.ConfusionMatrix[2]);
        Assert.Equal(4 / 6.0, report.Accuracy, 12);
        Assert.Equal(6, report.Count);
    }

    [Fact]
    public void Compute_HandCase_PerClassPrecisionRecallF1()
    {
        var report = ClassificationReport.Compute(Truth, Predicted, 3);
        var c0 = report.PerClass[0];
        Assert.Equal(1.0, c0.Precision, 12);
        Assert.Equal(2 / 3.0, c0.Recall, 12);
        Assert.Equal(0.8, c0.F1, 12);
        Assert.Equal(3, c0.Support);
        var c1 = report.PerClass[1];
        Assert.Equal(0.5, c1.Precision, 12);
        Assert.Equal(0.5, c1.Recall, 12);
        Assert.Equal(0.5, c1.F1, 12);
        var c2 = report.PerClass[2];
        Assert.Equal(0.5, c2.Precision, 12);
        Assert.Equal(1.0, c2.Recall, 12);
        Assert.Equal(2 / 3.0, c2.F1, 12);
    }

    [Fact]
    public void Compute_HandCase_MacroAndWeightedAverages()
    {
        var report = ClassificationReport.Compute(Truth, Predicted, 3);
        Assert.Equal((1 + 0.5 + 0.5) / 3, report.Macro.Precision, 12);
        Assert.Equal(((2 / 3.0) + 0.5 + 1) / 3, report.Macro.Recall, 12);
        Assert.Equal((0.8 + 0.5 + (2 / 3.0)) / 3, report.Macro.F1, 12);
        Assert.Equal(((1 * 3) + (0.5 * 2) + (0.5 * 1)) / 6, report.Weighted.Precision, 12);
        Assert.Equal(((0.8 * 3) + (0.5 * 2) + (2 / 3.0)) / 6, report.Weighted.F1, 12);
        // Weighted recall equals accuracy.
        Assert.Equal(report.Accuracy, report.Weighted.Recall, 12);
    }

    [Fact]
    public void Compute_ClassNeverPredicted_HasZeroPrecisionNotNaN()
    {
        var report = ClassificationReport.Compute([0, 1], [0, 0], 2);
        Assert.Equal(0, report.PerClass[1].Precision);
        Assert.Equal(0, report.PerClass[1].F1);
    }

    [Fact]
    public void RowNormalized_HandCase_RowsSumToOneOrStayZero()
    {
        var report = ClassificationReport.Compute([0, 0, 1], [0, 1, 1], 3);
        var rows = report.RowNormalized();
        Assert.Equal([0.5, 0.5, 0], rows[0]);
        Assert.Equal([0, 1, 0], rows[1]);
        Assert.Equal([0, 0, 0], rows[2]);
    }

    [Fact]
    public void WorstConfusions_HandCase_OrdersOffDiagonalByCount()
    {
        var report = ClassificationReport.Compute([0, 0, 0, 1, 2, 2], [1, 1, 0, 2, 0, 2], 3);
        var worst = report.WorstConfusions(2);
        Assert.Equal((0, 1, 2), worst[0]);
        Assert.Equal((1, 2, 1), worst[1]);
    }

    [Fact]
    public void Compute_LabelOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Compute([0, 3], [0, 1], 3));
    }
}
