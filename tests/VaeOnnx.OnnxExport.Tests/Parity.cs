using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Exports a module, runs it in ONNX Runtime and TorchSharp on the same random inputs, compares.</summary>
internal static class Parity
{
    public const double Tolerance = 1e-5;

    public static readonly int[] Batches = [1, 7, 1000];

    /// <summary>
    /// Exports <paramref name="module"/> (eval mode) for input [N, ..featureShape], checks ONNX Runtime against
    /// TorchSharp at batch 1, 7 and 1000 (shapes equal, max |diff| within <see cref="Tolerance"/>) and returns the
    /// largest difference seen.
    /// </summary>
    public static double Check(nn.Module<Tensor, Tensor> module, long[] featureShape, ITestOutputHelper? log = null,
        string label = "", float inputScale = 1f, Func<OnnxGraphBuilder, OnnxValue, OnnxValue>? export = null)
    {
        module.eval();
        var g = new OnnxGraphBuilder("test");
        OnnxValue x = g.Input("x", [OnnxDim.Batch, .. featureShape.Select(d => (OnnxDim)d)]);
        g.Output("y", export is null ? g.Module(module, x, "m") : export(g, x));
        ModelProto model = g.Build();
        OnnxModelFile.Validate(model);
        using var ort = new OrtModel(model);

        double worst = 0;
        using var generator = new Generator(1234);
        foreach (int batch in Batches)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            long[] shape = [batch, .. featureShape];
            Tensor input = randn(shape, generator: generator).mul_(inputScale);
            Tensor expected = module.call(input).contiguous();
            (float[] actual, long[] actualShape) = ort.Run("x", input.data<float>().ToArray(), shape, "y")[0];
            Assert.Equal(expected.shape, actualShape);
            double diff = MaxAbsDiff(expected.data<float>().ToArray(), actual);
            Assert.True(diff <= Tolerance, $"{label} batch {batch}: max |diff| {diff:G3} > {Tolerance:G3}");
            worst = Math.Max(worst, diff);
        }
        log?.WriteLine($"PARITY {label}: max |diff| {worst:G3} over batches {string.Join("/", Batches)}");
        return worst;
    }

    public static double MaxAbsDiff(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            Assert.False(double.IsNaN(diff), $"NaN at {i}");
            max = Math.Max(max, diff);
        }
        return max;
    }
}
