using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Linear layers and activations: ONNX Runtime output vs TorchSharp at batch 1, 7 and 1000.</summary>
public sealed class LayerParityTests(ITestOutputHelper log)
{
    [Fact]
    public void Linear_Rank2Input_MatchesTorchViaGemm()
    {
        TorchTestSetup.Seed(1);
        var linear = nn.Linear(20, 9);
        Parity.Check(linear, [20], log, "Linear rank 2 (Gemm)");
        Assert.Equal(["Gemm", "Identity"], OpTypes(linear, [20]));
    }

    [Fact]
    public void Linear_WithoutBias_MatchesTorch()
    {
        TorchTestSetup.Seed(2);
        var linear = nn.Linear(12, 5, hasBias: false);
        Parity.Check(linear, [12], log, "Linear no bias (Gemm)");
        Assert.DoesNotContain(Export(linear, [12]).Graph.Initializer, i => i.Name == "m.bias");
    }

    [Fact]
    public void Linear_Rank3Input_MatchesTorchViaMatMulAdd()
    {
        TorchTestSetup.Seed(3);
        var linear = nn.Linear(8, 6);
        Parity.Check(linear, [4, 8], log, "Linear rank 3 (MatMul+Add)");
        Assert.Equal(["Transpose", "MatMul", "Add", "Identity"], OpTypes(linear, [4, 8]));
    }

    [Fact]
    public void Linear_Rank4InputWithoutBias_MatchesTorchViaMatMul()
    {
        TorchTestSetup.Seed(4);
        var linear = nn.Linear(5, 3, hasBias: false);
        Parity.Check(linear, [2, 3, 5], log, "Linear rank 4 no bias (MatMul)");
        Assert.Equal(["Transpose", "MatMul", "Identity"], OpTypes(linear, [2, 3, 5]));
    }

    [Fact]
    public void Activations_ReluLeakyReluSigmoidTanh_MatchTorch()
    {
        TorchTestSetup.Seed(5);
        Parity.Check(nn.ReLU(), [3, 11], log, "ReLU", inputScale: 3f);
        Parity.Check(nn.LeakyReLU(0.2), [3, 11], log, "LeakyReLU(0.2)", inputScale: 3f);
        Parity.Check(nn.Sigmoid(), [3, 11], log, "Sigmoid", inputScale: 6f);
        Parity.Check(nn.Tanh(), [3, 11], log, "Tanh", inputScale: 3f);
    }

    [Fact]
    public void Softmax_OverClasses_MatchesTorchAndSumsToOne()
    {
        TorchTestSetup.Seed(16);
        var classifier = nn.Sequential(("fc", nn.Linear(3, 10)), ("softmax", nn.Softmax(1)));
        Parity.Check(classifier, [3], log, "Linear+Softmax(1)", inputScale: 4f);
        Assert.Equal(["Gemm", "Softmax", "Identity"], OpTypes(classifier, [3]));
    }

    [Fact]
    public void Softplus_DefaultSettings_IsOneOnnxSoftplus()
    {
        TorchTestSetup.Seed(6);
        var softplus = nn.Softplus();
        // Scale 15: many inputs beyond the threshold 20, where torch switches to the identity.
        Parity.Check(softplus, [13], log, "Softplus(beta 1, threshold 20)", inputScale: 15f);
        Assert.Equal(["Softplus", "Identity"], OpTypes(softplus, [13]));
    }

    [Fact]
    public void Softplus_BetaAndLowThreshold_MatchesTorchBranch()
    {
        TorchTestSetup.Seed(7);
        var softplus = nn.Softplus(beta: 2, threshold: 1);
        Parity.Check(softplus, [13], log, "Softplus(beta 2, threshold 1)", inputScale: 3f);
        Assert.Equal(["Mul", "Softplus", "Div", "Greater", "Where", "Identity"], OpTypes(softplus, [13]));
    }

    [Fact]
    public void Dropout_InSequential_IsDroppedFromGraph()
    {
        TorchTestSetup.Seed(8);
        var model = nn.Sequential(
            ("fc", nn.Linear(10, 10)), ("drop", nn.Dropout(0.5)), ("drop2d", nn.Dropout2d(0.3)),
            ("id", nn.Identity()), ("act", nn.ReLU()));
        Parity.Check(model, [10], log, "Sequential with Dropout/Identity");
        Assert.Equal(["Gemm", "Relu", "Identity"], OpTypes(model, [10]));
    }

    [Fact]
    public void Sequential_Nested_NamesInitializersByModulePath()
    {
        TorchTestSetup.Seed(9);
        var model = nn.Sequential(
            ("block", nn.Sequential(("fc", nn.Linear(6, 4)), ("act", nn.Tanh()))),
            ("1", nn.Linear(4, 2)));
        Parity.Check(model, [6], log, "nested Sequential");
        string[] names = [.. Export(model, [6]).Graph.Initializer.Select(i => i.Name)];
        Assert.Equal(["m.block.fc.weight", "m.block.fc.bias", "m.1.weight", "m.1.bias"], names);
        string[] expected = [.. model.named_parameters().Select(p => "m." + p.name)];
        Assert.Equal(expected, names);
    }

    internal static ModelProto Export(nn.Module<Tensor, Tensor> module, long[] featureShape)
    {
        var g = new OnnxGraphBuilder("test");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, .. featureShape.Select(d => (OnnxDim)d)]);
        g.Output("y", g.Module(module, x, "m"));
        return g.Build();
    }

    internal static string[] OpTypes(nn.Module<Tensor, Tensor> module, long[] featureShape) =>
        [.. Export(module, featureShape).Graph.Node.Select(n => n.OpType)];
}
