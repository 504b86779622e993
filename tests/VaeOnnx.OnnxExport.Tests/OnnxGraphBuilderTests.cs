using System.Buffers.Binary;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>The builder's API: model fields, names, initializers, errors.</summary>
public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Build_WithInfo_WritesOpsetIrAndMetadata()
    {
        TorchTestSetup.Seed(50);
        var g = new OnnxGraphBuilder("head");
        g.Output("y", g.Module(nn.Linear(3, 2), g.Input("x", [OnnxDim.Batch, 3]), "fc"));
        ModelProto model = g.Build(new OnnxModelInfo
        {
            ProducerName = "Tests",
            ProducerVersion = "9.8.7",
            Domain = "ai.example",
            ModelVersion = 42,
            DocString = "a head",
            Metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
        });

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(("", 17L), (model.OpsetImport.Single().Domain, model.OpsetImport.Single().Version));
        Assert.Equal(("Tests", "9.8.7", "ai.example", 42L, "a head"), (model.ProducerName, model.ProducerVersion, model.Domain, model.ModelVersion, model.DocString));
        Assert.Equal([("b", "2"), ("a", "1")], model.MetadataProps.Select(p => (p.Key, p.Value)));
        Assert.Equal("head", model.Graph.Name);
    }

    [Fact]
    public void Build_DefaultInfo_NamesThisLibrary()
    {
        var g = new OnnxGraphBuilder("g");
        g.Output("y", g.Relu(g.Input("x", [2])));
        ModelProto model = g.Build();
        Assert.Equal("VaeOnnx.OnnxExport", model.ProducerName);
        Assert.Matches(@"^\d+\.\d+\.\d+", model.ProducerVersion);
    }

    [Fact]
    public void Input_SymbolicBatch_WritesDimParam()
    {
        var g = new OnnxGraphBuilder("g");
        OnnxValue x = g.Input("image", ["N", 1, 28, 28]);
        g.Output("out", g.Flatten(x), [OnnxDim.Batch, 784]);
        ModelProto model = g.Build();

        TensorShapeProto input = model.Graph.Input.Single().Type.TensorType.Shape;
        Assert.Equal("N", input.Dim[0].DimParam);
        Assert.Equal([1L, 28, 28], input.Dim.Skip(1).Select(d => d.DimValue));
        TensorShapeProto output = model.Graph.Output.Single().Type.TensorType.Shape;
        Assert.Equal(("N", 784L), (output.Dim[0].DimParam, output.Dim[1].DimValue));
        Assert.Equal((int)TensorProto.Types.DataType.Float, model.Graph.Output.Single().Type.TensorType.ElemType);
    }

    [Fact]
    public void Initializer_LinearWeight_IsRawLittleEndianFloatNamedByPath()
    {
        TorchTestSetup.Seed(51);
        var linear = nn.Linear(3, 2);
        var g = new OnnxGraphBuilder("g");
        g.Output("y", g.Module(linear, g.Input("x", [OnnxDim.Batch, 3]), "encoder.hidden.fc"));
        TensorProto weight = g.Build().Graph.Initializer.Single(i => i.Name == "encoder.hidden.fc.weight");

        Assert.Equal((int)TensorProto.Types.DataType.Float, weight.DataType);
        Assert.Equal([2L, 3], weight.Dims);
        Assert.Empty(weight.FloatData);
        float[] expected = linear.weight!.detach().contiguous().data<float>().ToArray();
        float[] stored = [.. Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadSingleLittleEndian(weight.RawData.Span[(i * 4)..]))];
        Assert.Equal(expected, stored);
    }

    [Fact]
    public void Module_SameModuleTwiceSamePrefix_SharesInitializers()
    {
        TorchTestSetup.Seed(52);
        var linear = nn.Linear(4, 4);
        var g = new OnnxGraphBuilder("g");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 4]);
        g.Output("y", g.Module(linear, g.Module(linear, x, "shared"), "shared"));
        Assert.Equal(2, g.Build().Graph.Initializer.Count);
    }

    [Fact]
    public void Module_DifferentModulesSamePrefix_ThrowsNameClash()
    {
        TorchTestSetup.Seed(93);
        var g = new OnnxGraphBuilder("g");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 4]);
        OnnxValue h = g.Module(nn.Linear(4, 4), x, "fc");
        var e = Assert.Throws<ArgumentException>(() => g.Module(nn.Linear(4, 4), h, "fc"));
        Assert.Contains("'fc.weight'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_UnsupportedInSequential_ThrowsNamingPathAndType()
    {
        TorchTestSetup.Seed(94);
        var decoder = nn.Sequential(("0", nn.Linear(2, 8)), ("1", nn.ReLU()), ("2", nn.Linear(8, 8)), ("3", nn.GELU()));
        var g = new OnnxGraphBuilder("g");
        OnnxValue z = g.Input("z", [OnnxDim.Batch, 2]);

        var e = Assert.Throws<UnsupportedModuleException>(() => g.Module(decoder, z, "decoder"));

        Assert.Equal("decoder.3", e.ModulePath);
        Assert.Equal(typeof(GELU), e.ModuleType);
        Assert.StartsWith("Cannot export module 'decoder.3' (GELU) to ONNX: no ONNX mapping", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_CustomModule_ThrowsNamingItsType()
    {
        TorchTestSetup.Seed(95);
        var g = new OnnxGraphBuilder("g");
        var e = Assert.Throws<UnsupportedModuleException>(() => g.Module(new Custom(), g.Input("x", [1]), "block"));
        Assert.Contains("'block' (Custom)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linear_WrongFeatureCount_ThrowsNamingModule()
    {
        TorchTestSetup.Seed(96);
        var g = new OnnxGraphBuilder("g");
        var e = Assert.Throws<ArgumentException>(() => g.Module(nn.Linear(5, 2), g.Input("x", [OnnxDim.Batch, 4]), "head"));
        Assert.Contains("'head' expects 5 input features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_DeclaredShapeContradictsGraph_Throws()
    {
        var g = new OnnxGraphBuilder("g");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 4]);
        Assert.Throws<ArgumentException>(() => g.Output("y", x, [OnnxDim.Batch, 5]));
    }

    [Fact]
    public void Output_NameAlreadyUsed_Throws()
    {
        var g = new OnnxGraphBuilder("g");
        OnnxValue x = g.Input("x", [2]);
        Assert.Throws<ArgumentException>(() => g.Output("x", g.Relu(x)));
    }

    [Fact]
    public void Module_ValueFromOtherBuilder_Throws()
    {
        OnnxValue foreign = new OnnxGraphBuilder("a").Input("x", [2]);
        Assert.Throws<ArgumentException>(() => new OnnxGraphBuilder("b").Relu(foreign));
    }

    [Fact]
    public void Build_WithoutOutputs_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new OnnxGraphBuilder("g").Build());

    [Fact]
    public void Initializer_Float64Tensor_ThrowsNotSupported()
    {
        TorchTestSetup.Seed(97);
        var g = new OnnxGraphBuilder("g");
        var e = Assert.Throws<NotSupportedException>(() => g.Initializer("w", zeros(2, dtype: ScalarType.Float64)));
        Assert.Contains("'w' is Float64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MultiHeadGraph_PassesStructuralValidation()
    {
        TorchTestSetup.Seed(53);
        var trunk = nn.Sequential(("fc", nn.Linear(6, 5)), ("act", nn.ReLU()));
        var g = new OnnxGraphBuilder("heads");
        OnnxValue h = g.Module(trunk, g.Flatten(g.Input("x", [OnnxDim.Batch, 2, 3])), "trunk");
        g.Output("a", g.Module(nn.Linear(5, 2), h, "a"));
        g.Output("b", g.Module(nn.Linear(5, 3), h, "b"));
        ModelProto model = g.Build();

        OnnxModelFile.Validate(model);
        Assert.Equal(["a", "b"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal(
            ["trunk.fc.weight", "trunk.fc.bias", "a.weight", "a.bias", "b.weight", "b.bias"],
            model.Graph.Initializer.Select(i => i.Name));
    }

    private sealed class Custom() : nn.Module<Tensor, Tensor>("custom")
    {
        public override Tensor forward(Tensor input) => input;
    }
}
