using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Concat and the one-hot label encoding a conditional VAE needs, against TorchSharp at batch 1, 7 and 1000.</summary>
public sealed class CombineParityTests(ITestOutputHelper log)
{
    [Fact]
    public void Concat_FeaturesWithTheirRelu_MatchesTorchCat()
    {
        TorchTestSetup.Seed(30);
        var module = new CatWithRelu();
        Parity.Check(module, [5], log, "Concat([x, relu(x)], 1)", export: (g, x) =>
        {
            OnnxValue y = g.Concat([x, g.Relu(x)], axis: 1);
            Assert.Equal([OnnxDim.Batch, 10], y.Shape);
            return y;
        });
    }

    [Fact]
    public void Concat_DifferentBatchSymbols_Throws()
    {
        var g = new OnnxGraphBuilder("cat");
        OnnxValue a = g.Input("a", [OnnxDim.Batch, 2]);
        OnnxValue b = g.Input("b", ["M", 2]);
        Assert.Throws<ArgumentException>(() => g.Concat([a, b], 1));
        Assert.Throws<ArgumentException>(() => g.Concat([a], 1));
    }

    [Fact]
    public void OneHot_Labels_MatchesTorchOneHot()
    {
        var g = new OnnxGraphBuilder("one_hot");
        OnnxValue labels = g.Int64Input("label", [OnnxDim.Batch]);
        OnnxValue encoded = g.OneHot(labels, 10, "onehot");
        Assert.Equal([OnnxDim.Batch, 10], encoded.Shape);
        g.Output("y", encoded);
        ModelProto model = g.Build();
        OnnxModelFile.Validate(model);
        using var ort = new OrtModel(model);

        var random = new Random(31);
        foreach (int batch in Parity.Batches)
        {
            long[] values = [.. Enumerable.Range(0, batch).Select(_ => (long)random.Next(10))];
            using var expected = nn.functional.one_hot(tensor(values), 10).to_type(ScalarType.Float32);
            var (actual, shape) = Run(ort, [("label", Int64(values, [batch]))], "y");
            Assert.Equal([batch, 10], shape);
            Assert.Equal(expected.data<float>().ToArray(), actual);
        }
        log.WriteLine("PARITY OneHot(10) batches 1/7/1000: exact");
    }

    [Fact]
    public void OneHotConcatLinear_ConditionalLayer_MatchesTorch()
    {
        // The conditional VAE's first layer: [features, one_hot(label)] → Linear.
        TorchTestSetup.Seed(32);
        var linear = nn.Linear(5 + 10, 7);
        var g = new OnnxGraphBuilder("conditional");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, 5]);
        OnnxValue label = g.Int64Input("label", [OnnxDim.Batch]);
        g.Output("y", g.Module(linear, g.Concat([x, g.OneHot(label, 10)], 1), "fc"));
        ModelProto model = g.Build();
        using var ort = new OrtModel(model);

        double worst = 0;
        using var generator = new Generator(33);
        foreach (int batch in Parity.Batches)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor features = randn([batch, 5], generator: generator);
            Tensor labels = randint(0, 10, [batch], generator: generator, dtype: ScalarType.Int64);
            Tensor expected = linear.call(cat([features, nn.functional.one_hot(labels, 10).to_type(ScalarType.Float32)], 1));
            var (actual, shape) = Run(ort, [("x", Float(features)), ("label", Int64(labels.data<long>().ToArray(), [batch]))], "y");
            Assert.Equal([batch, 7], shape);
            worst = Math.Max(worst, Parity.MaxAbsDiff(expected.data<float>().ToArray(), actual));
        }
        log.WriteLine($"PARITY Concat+OneHot+Linear batches 1/7/1000: max |diff| {worst:G3}");
        Assert.InRange(worst, 0, Parity.Tolerance);
    }

    private static OrtValue Float(Tensor t) => OrtValue.CreateTensorValueFromMemory(t.contiguous().data<float>().ToArray(), t.shape);

    private static OrtValue Int64(long[] values, long[] shape) => OrtValue.CreateTensorValueFromMemory(values, shape);

    private static (float[] Data, long[] Shape) Run(OrtModel model, (string Name, OrtValue Value)[] inputs, string output)
    {
        using var options = new RunOptions();
        try
        {
            using var results = model.Session.Run(options, [.. inputs.Select(i => i.Name)], [.. inputs.Select(i => i.Value)], [output]);
            return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }

    private sealed class CatWithRelu() : nn.Module<Tensor, Tensor>("cat")
    {
        private readonly ReLU relu = nn.ReLU();

        public override Tensor forward(Tensor input) => cat([input, relu.call(input)], 1);
    }
}
