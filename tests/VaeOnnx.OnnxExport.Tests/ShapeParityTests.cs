using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Flatten, Unflatten and Reshape: values and inferred shapes.</summary>
public sealed class ShapeParityTests(ITestOutputHelper log)
{
    [Fact]
    public void Flatten_Default_MatchesTorchAsOnnxFlatten()
    {
        TorchTestSetup.Seed(20);
        var flatten = nn.Flatten();
        Parity.Check(flatten, [2, 3, 4], log, "Flatten(1,-1)");
        Assert.Equal(["Flatten", "Identity"], LayerParityTests.OpTypes(flatten, [2, 3, 4]));
    }

    [Fact]
    public void Flatten_MiddleDims_MatchesTorchViaReshape()
    {
        TorchTestSetup.Seed(21);
        var flatten = nn.Flatten(2, 3);
        Parity.Check(flatten, [2, 3, 4, 5], log, "Flatten(2,3)");
        Assert.Equal(["Reshape", "Identity"], LayerParityTests.OpTypes(flatten, [2, 3, 4, 5]));
    }

    [Fact]
    public void Unflatten_SplitFeatures_MatchesTorchAndKeepsBatchSymbolic()
    {
        TorchTestSetup.Seed(22);
        var unflatten = nn.Unflatten(1, [1, 4, 6]);
        Parity.Check(unflatten, [24], log, "Unflatten(1,[1,4,6])");
        var g = new OnnxGraphBuilder("shape");
        OnnxValue y = g.Module(unflatten, g.Input("x", [OnnxDim.Batch, 24]), "m");
        Assert.Equal([OnnxDim.Batch, 1, 4, 6], y.Shape);
    }

    [Fact]
    public void Unflatten_InferredSizeBeforeTrailingDim_MatchesTorch()
    {
        TorchTestSetup.Seed(23);
        var unflatten = nn.Unflatten(1, [-1, 3]);
        Parity.Check(unflatten, [12, 5], log, "Unflatten(1,[-1,3]) rank 3");
        var g = new OnnxGraphBuilder("shape");
        OnnxValue y = g.Module(unflatten, g.Input("x", [OnnxDim.Batch, 12, 5]), "m");
        Assert.Equal([OnnxDim.Batch, 4, 3, 5], y.Shape);
    }

    [Fact]
    public void Reshape_InferredBatch_MatchesTorchReshape()
    {
        TorchTestSetup.Seed(24);
        var module = new ReshapeModule([-1, 2, 10]);
        Parity.Check(module, [20], log, "Reshape(-1,2,10)", export: (g, x) =>
        {
            OnnxValue y = g.Reshape(x, [-1, 2, 10]);
            Assert.Equal([OnnxDim.Batch, 2, 10], y.Shape);
            return y;
        });
    }

    [Fact]
    public void Flatten_DimensionOutOfRange_Throws()
    {
        var g = new OnnxGraphBuilder("shape");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Flatten(x, 1, 4));
    }

    private sealed class ReshapeModule(long[] shape) : nn.Module<Tensor, Tensor>("reshape")
    {
        public override Tensor forward(Tensor input) => input.reshape(shape);
    }
}
