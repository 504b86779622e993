using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>BatchNorm1d/2d in eval mode with non-trivial running statistics.</summary>
public sealed class NormalizationParityTests(ITestOutputHelper log)
{
    [Fact]
    public void BatchNorm1d_Rank2Input_MatchesTorchEval()
    {
        TorchTestSetup.Seed(40);
        Parity.Check(WithStatistics(nn.BatchNorm1d(6, eps: 1e-3)), [6], log, "BatchNorm1d [N,C]", inputScale: 2f);
    }

    [Fact]
    public void BatchNorm1d_Rank3Input_MatchesTorchEval()
    {
        TorchTestSetup.Seed(41);
        Parity.Check(WithStatistics(nn.BatchNorm1d(5)), [5, 7], log, "BatchNorm1d [N,C,L]", inputScale: 2f);
    }

    [Fact]
    public void BatchNorm2d_Rank4Input_MatchesTorchEval()
    {
        TorchTestSetup.Seed(42);
        Parity.Check(WithStatistics(nn.BatchNorm2d(3)), [3, 5, 6], log, "BatchNorm2d", inputScale: 2f);
    }

    [Fact]
    public void BatchNorm2d_WithoutAffine_UsesUnitScaleZeroBias()
    {
        TorchTestSetup.Seed(43);
        Parity.Check(WithStatistics(nn.BatchNorm2d(3, affine: false)), [3, 4, 4], log, "BatchNorm2d affine=false", inputScale: 2f);
    }

    [Fact]
    public void BatchNorm_AfterConvInSequential_MatchesTorchEval()
    {
        TorchTestSetup.Seed(44);
        var model = nn.Sequential(("conv", nn.Conv2d(2, 4, 3, padding: 1)), ("bn", WithStatistics(nn.BatchNorm2d(4))), ("act", nn.LeakyReLU(0.1)));
        Parity.Check(model, [2, 6, 6], log, "Conv2d+BatchNorm2d+LeakyReLU");
        string[] names = [.. LayerParityTests.Export(model, [2, 6, 6]).Graph.Initializer.Select(i => i.Name)];
        Assert.Contains("m.bn.running_mean", names);
        Assert.Contains("m.bn.running_var", names);
    }

    [Fact]
    public void BatchNorm_WithoutRunningStats_ThrowsNamingPathAndType()
    {
        TorchTestSetup.Seed(92);
        var g = new OnnxGraphBuilder("bn");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 4]);
        var e = Assert.Throws<UnsupportedModuleException>(() => g.Module(nn.BatchNorm1d(4, track_running_stats: false), x, "head.norm"));
        Assert.Equal("head.norm", e.ModulePath);
        Assert.Equal(typeof(BatchNorm1d), e.ModuleType);
        Assert.Contains("running statistics", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Random affine parameters and running statistics far from the (0, 1) defaults.</summary>
    private static T WithStatistics<T>(T norm) where T : BatchNorm
    {
        using var noGrad = no_grad();
        norm.running_mean!.copy_(randn(norm.num_features).mul_(0.7));
        norm.running_var!.copy_(rand(norm.num_features).mul_(2).add_(0.2));
        norm.weight?.copy_(randn(norm.num_features).mul_(0.5).add_(1));
        norm.bias?.copy_(randn(norm.num_features).mul_(0.3));
        norm.eval();
        return norm;
    }
}
