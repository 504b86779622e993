using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Conv2d and ConvTranspose2d under several stride/padding/output_padding/dilation/groups settings.</summary>
public sealed class ConvolutionParityTests(ITestOutputHelper log)
{
    // Name -> (module, input feature shape [C,H,W]). Names keep the theory rows readable and serializable.
    private static readonly Dictionary<string, Func<(nn.Module<Tensor, Tensor> Module, long[] Input)>> Cases = new()
    {
        ["conv k3"] = () => (nn.Conv2d(3, 8, 3), [3, 10, 10]),
        ["conv k3 s2 p1 g2"] = () => (nn.Conv2d(4, 6, 3, stride: 2, padding: 1, groups: 2), [4, 9, 11]),
        ["conv k3 p2 d2 depthwise"] = () => (nn.Conv2d(4, 4, 3, padding: 2, dilation: 2, groups: 4), [4, 12, 12]),
        ["conv k(3,5) s(2,1) p(1,2) d(1,2)"] = () => (nn.Conv2d(2, 5, (3, 5), stride: (2, 1), padding: (1, 2), dilation: (1, 2)), [2, 11, 13]),
        ["conv same k4 (asymmetric pad)"] = () => (nn.Conv2d(3, 4, 4, padding: Padding.Same), [3, 9, 9]),
        ["conv same k3 d2"] = () => (nn.Conv2d(3, 4, 3, padding: Padding.Same, dilation: 2), [3, 8, 10]),
        ["conv valid no bias"] = () => (nn.Conv2d(3, 4, 2, padding: Padding.Valid, bias: false), [3, 7, 7]),
        ["deconv k3"] = () => (nn.ConvTranspose2d(4, 3, 3), [4, 6, 6]),
        ["deconv k3 s2 p1 op1"] = () => (nn.ConvTranspose2d(4, 2, 3, stride: 2, padding: 1, output_padding: 1), [4, 7, 5]),
        ["deconv k4 s3 p2 op2 g2"] = () => (nn.ConvTranspose2d(4, 6, 4, stride: 3, padding: 2, output_padding: 2, groups: 2), [4, 6, 6]),
        ["deconv k3 s2 p1 op1 d2 g4"] = () => (nn.ConvTranspose2d(4, 4, 3, stride: 2, padding: 1, output_padding: 1, dilation: 2, groups: 4), [4, 5, 5]),
        ["deconv k(2,3) s(2,1) no bias"] = () => (nn.ConvTranspose2d(3, 2, (2, 3), stride: (2, 1), bias: false), [3, 4, 6]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Convolution_Settings_MatchTorch(string name)
    {
        TorchTestSetup.Seed(30);
        (nn.Module<Tensor, Tensor> module, long[] input) = Cases[name]();
        Parity.Check(module, input, log, name);
    }

    [Fact]
    public void Conv2d_StaticSpatialInput_InfersOutputShape()
    {
        TorchTestSetup.Seed(90);
        var g = new OnnxGraphBuilder("conv");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 4, 7, 5]);
        OnnxValue y = g.Module(nn.ConvTranspose2d(4, 2, 3, stride: 2, padding: 1, output_padding: 1), x, "m");
        Assert.Equal([OnnxDim.Batch, 2, 14, 10], y.Shape);
    }

    [Fact]
    public void Conv2d_ReflectPadding_ThrowsNamingPathAndType()
    {
        TorchTestSetup.Seed(91);
        var g = new OnnxGraphBuilder("conv");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 3, 8, 8]);
        var conv = nn.Conv2d(3, 3, 3, padding: 1, padding_mode: PaddingModes.Reflect);
        var e = Assert.Throws<UnsupportedModuleException>(() => g.Module(nn.Sequential(("conv", conv)), x, "features"));
        Assert.Equal("features.conv", e.ModulePath);
        Assert.Contains("'features.conv' (Conv2d)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Reflect", e.Message, StringComparison.Ordinal);
    }
}
