namespace VaeOnnx.Data.Tests;

public class PixelScalingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(784 * 3 + 5)]
    public void PixelScaling_ToUnit_VectorAndScalarPathsAgreeWithDivisionBy255(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = unchecked((byte)((i * 37) + (i / 256)));
        }
        var actual = new float[length];
        PixelScaling.ToUnit(bytes, actual);
        Assert.Equal(bytes.Select(b => b / 255f), actual);
    }

    [Fact]
    public void PixelScaling_ToUnit_EveryByteValueMatches()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var actual = new float[256];
        PixelScaling.ToUnit(bytes, actual);
        Assert.All(Enumerable.Range(0, 256), i => Assert.Equal(i / 255f, actual[i]));
        Assert.Equal(0f, actual[0]);
        Assert.Equal(1f, actual[255]);
    }

    [Theory]
    [InlineData(0, 0f, true)]
    [InlineData(0, 1f, true)]
    [InlineData(3, 1.0000001f, false)]
    [InlineData(17, -1e-30f, false)]
    [InlineData(31, float.NaN, false)]
    [InlineData(32, float.NegativeInfinity, false)]
    [InlineData(40, float.PositiveInfinity, false)]
    public void PixelScaling_AllInUnitRange_RejectsOutOfRangeAnywhere(int position, float value, bool expected)
    {
        foreach (int length in new[] { 41, 64, 787 })
        {
            var values = Enumerable.Range(0, length).Select(i => (i % 11) / 10f).ToArray();
            values[position] = value;
            Assert.Equal(expected, PixelScaling.AllInUnitRange(values));
            values[position] = 0.5f;
            values[^1] = value; // the scalar tail too
            Assert.Equal(expected, PixelScaling.AllInUnitRange(values));
        }
    }
}
