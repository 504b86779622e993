using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Metrics;

public sealed class MulticlassRocTests
{
    // Three examples, three classes; rows are class probabilities.
    private static readonly int[] Labels = [0, 1, 2, 2];
    private static readonly float[] Scores =
    [
        0.6f, 0.3f, 0.1f,
        0.5f, 0.4f, 0.1f,
        0.2f, 0.2f, 0.6f,
        0.1f, 0.5f, 0.4f,
    ];

    [Fact]
    public void Compute_HandCase_PerClassAucsAsComputedByHand()
    {
        var roc = MulticlassRoc.Compute(Labels, Scores, 3);
        // Class 0: positive 0.6 vs negatives {0.5, 0.2, 0.1}: 3/3.
        Assert.Equal(1.0, roc.PerClass[0].Auc, 12);
        // Class 1: positive 0.4 vs {0.3, 0.2, 0.5}: 2/3.
        Assert.Equal(2 / 3.0, roc.PerClass[1].Auc, 12);
        // Class 2: positives {0.6, 0.4} vs {0.1, 0.1}: 4/4.
        Assert.Equal(1.0, roc.PerClass[2].Auc, 12);
        Assert.Equal((1 + (2 / 3.0) + 1) / 3, roc.MacroAuc, 12);
    }

    [Fact]
    public void Compute_HandCase_MicroAucPoolsAllPairsWithTies()
    {
        var roc = MulticlassRoc.Compute(Labels, Scores, 3);
        // Positives (4): 0.6, 0.4, 0.6, 0.4. Negatives (8): 0.3, 0.1, 0.5, 0.1, 0.2, 0.2, 0.1, 0.5.
        // Each 0.6 beats all 8; each 0.4 beats 6 (loses to both 0.5s): (8 + 8 + 6 + 6) / 32.
        Assert.Equal(28 / 32.0, roc.Micro.Auc, 12);
        Assert.Equal(4, roc.Micro.Positives);
        Assert.Equal(8, roc.Micro.Negatives);
    }

    [Fact]
    public void Compute_MissingClass_IsLeftOutOfMacro()
    {
        int[] labels = [0, 0, 1, 1];
        float[] scores = [0.9f, 0.1f, 0f, 0.8f, 0.2f, 0f, 0.3f, 0.7f, 0f, 0.4f, 0.6f, 0f];
        var roc = MulticlassRoc.Compute(labels, scores, 3);
        Assert.True(double.IsNaN(roc.PerClass[2].Auc));
        Assert.Equal((roc.PerClass[0].Auc + roc.PerClass[1].Auc) / 2, roc.MacroAuc, 12);
    }

    [Fact]
    public void Compute_MacroCurve_RunsFromOriginToOneOne()
    {
        var roc = MulticlassRoc.Compute(Labels, Scores, 3);
        Assert.Equal(0, roc.MacroFalsePositiveRates[0]);
        Assert.Equal(1, roc.MacroFalsePositiveRates[^1]);
        Assert.Equal(1, roc.MacroTruePositiveRates[^1], 12);
        Assert.Equal(roc.MacroFalsePositiveRates.Order(), roc.MacroFalsePositiveRates);
    }
}
