using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

public sealed class PcaTests
{
    [Fact]
    public void Fit_PointsOnTheDiagonal_FindsDiagonalAxisAndAllVariance()
    {
        // Points (t, t) for t = -1, 0, 1 plus mean offset (2, 3): one axis along (1,1)/√2 with variance 2·1 = 2.
        float[] rows = [1, 2, 2, 3, 3, 4];
        var pca = Pca.Fit(rows, 3, 2);
        Assert.Equal([2.0, 3.0], pca.Mean);
        Assert.Equal(2.0, pca.ExplainedVariance[0], 10);
        Assert.Equal(0.0, pca.ExplainedVariance[1], 10);
        Assert.Equal(Math.Sqrt(0.5), pca.Components[0][0], 10);
        Assert.Equal(Math.Sqrt(0.5), pca.Components[0][1], 10);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio[0], 10);
        var projected = pca.Project(rows, 1);
        Assert.Equal(-Math.Sqrt(2), projected[0], 10);
        Assert.Equal(0, projected[1], 10);
        Assert.Equal(Math.Sqrt(2), projected[2], 10);
    }

    [Fact]
    public void Fit_HandCovariance_EigenvaluesAndAxesAsComputedByHand()
    {
        // Covariance [[2, 1], [1, 2]] (divisor n-1) from four points; eigenvalues 3 (axis (1,1)) and 1 (axis (1,-1)).
        // Points ±(p, p) and ±(q, -q): Σx² = Σy² = 2p² + 2q² = 6 and Σxy = 2p² - 2q² = 3, so p = 1.5, q = √0.75.
        double p = 1.5, q = Math.Sqrt(0.75);
        float[] rows = [(float)p, (float)p, (float)-p, (float)-p, (float)q, (float)-q, (float)-q, (float)q];
        var pca = Pca.Fit(rows, 4, 2);
        Assert.Equal(3.0, pca.ExplainedVariance[0], 5);
        Assert.Equal(1.0, pca.ExplainedVariance[1], 5);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(pca.Components[0][0]), 5);
        Assert.Equal(pca.Components[0][0], pca.Components[0][1], 5);
        Assert.Equal(-pca.Components[1][0], pca.Components[1][1], 5);
    }

    [Fact]
    public void FromPlane_InvertsProjection()
    {
        float[] rows = [0, 1, 5, 2, 1, 3, 4, 0, 1, 3, 3, 3, 1, 2, 2];
        var pca = Pca.Fit(rows, 5, 3);
        var z = pca.FromPlane(1.5, -0.5);
        var back = pca.Project(z, 2);
        Assert.Equal(1.5, back[0], 5);
        Assert.Equal(-0.5, back[1], 5);
    }

    [Fact]
    public void SymmetricEigen_ThreeByThree_ReconstructsMatrix()
    {
        double[,] m = { { 4, 1, 2 }, { 1, 3, 0.5 }, { 2, 0.5, 5 } };
        var (values, vectors) = SymmetricEigen.Decompose(m);
        Assert.True(values[0] >= values[1] && values[1] >= values[2]);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++)
                {
                    sum += values[k] * vectors[k][i] * vectors[k][j];
                }
                Assert.Equal(m[i, j], sum, 10);
            }
        }
        Assert.Equal(12.0, values.Sum(), 10);
    }
}
