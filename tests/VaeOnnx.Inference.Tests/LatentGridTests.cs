namespace VaeOnnx.Inference.Tests;

public class LatentGridTests
{
    [Fact]
    public void LatentGrid_Plane_TopRowIsHighSecondDimension()
    {
        var z = LatentGrid.Plane(latentDim: 3, size: 3, range: 2f);
        // row 0: y = +2; columns x = -2, 0, 2; third dimension 0
        Assert.Equal(new[] { -2f, 2f, 0f, 0f, 2f, 0f, 2f, 2f, 0f }, z[..9]);
        // last row: y = -2
        Assert.Equal(new[] { -2f, -2f, 0f }, z[18..21]);
        Assert.Equal(27, z.Length);
    }

    [Fact]
    public void LatentGrid_Quantiles_AreSymmetricNormalQuantiles()
    {
        var axis = LatentGrid.Axis(3, quantiles: true);
        Assert.Equal(-1.6448536, axis[0], 5);
        Assert.Equal(0.0, axis[1], 6);
        Assert.Equal(1.6448536, axis[2], 5);
        Assert.Equal(1.959964, LatentGrid.NormalQuantile(0.975), 5);
        Assert.Equal(-2.326348, LatentGrid.NormalQuantile(0.01), 5);
    }

    [Fact]
    public void LatentGrid_OneDimensionalLatent_IsOneRow()
    {
        Assert.Equal(new[] { -1f, 0f, 1f }, LatentGrid.Plane(1, 3, 1f));
    }

    [Fact]
    public void LatentGrid_BadDimensions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentGrid.Plane(2, 3, dimX: 0, dimY: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentGrid.Plane(2, 3, dimX: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentGrid.Axis(3, range: 0f));
    }
}
