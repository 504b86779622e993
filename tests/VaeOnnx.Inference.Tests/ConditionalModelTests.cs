using VaeOnnx.Contract;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

/// <summary>A conditional model: every call takes one label per image or code, checked before ONNX Runtime sees it.</summary>
public sealed class ConditionalModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TinyVae _vae = TinyVae.Create(latent: 3, hidden: 12, seed: 7, classes: 10);
    private readonly VaeModel _model;

    public ConditionalModelTests() =>
        _model = VaeModel.Load(_vae.WriteModel(_temp.Sub("cvae")), new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1, MaxBatch = 4 });

    public void Dispose()
    {
        _model.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Load_ConditionalModel_SignatureSaysSo()
    {
        Assert.True(_model.Signature.IsConditional);
        Assert.Equal(Conditioning.ClassLabel(10), _model.Signature.Conditioning);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)] // more than MaxBatch 4: chunked, labels sliced with the images
    public void EncodeDecode_WithLabels_MatchReference(int count)
    {
        var images = TestImages.RandomFloats(count, seed: 3);
        int[] labels = [.. Enumerable.Range(0, count).Select(i => (i * 7) % 10)];

        var latents = _model.Encode(images, labels);
        var decoded = _model.Decode(latents.Mu, labels);

        var (mu, logVar) = _vae.EncodeReference(images, labels);
        TestImages.AssertClose(mu, latents.Mu, 1e-4f);
        TestImages.AssertClose(logVar, latents.LogVar, 1e-4f);
        TestImages.AssertClose(_vae.DecodeReference(latents.Mu, labels), decoded, 1e-4f);
    }

    [Fact]
    public void Decode_SameCodeDifferentLabels_DifferentImages()
    {
        float[] z = [0.3f, -0.2f, 1f, 0.3f, -0.2f, 1f];

        var images = _model.Decode(z, [2, 8]);

        Assert.NotEqual(images.AsSpan(0, 784).ToArray(), images.AsSpan(784).ToArray());
    }

    [Fact]
    public void ByteOverloadsAndSpanOverloads_AgreeWithTheFloatOnes()
    {
        var bytes = TestImages.RandomBytes(5, seed: 4);
        int[] labels = [0, 1, 2, 3, 9];
        var expected = _model.Encode(TestImages.Scaled(bytes), labels);
        var mu = new float[15];
        var logVar = new float[15];
        _model.Encode(TestImages.Scaled(bytes), labels, mu, logVar);
        var images = new float[5 * 784];
        _model.Decode(mu, labels, images);

        Assert.Equal(expected.Mu, _model.Encode(bytes, labels).Mu);
        Assert.Equal(expected.Mu, mu);
        Assert.Equal(expected.LogVar, logVar);
        Assert.Equal(_model.Decode(expected.Mu, labels), images);
        Assert.Equal(images, _model.Reconstruct(bytes, labels));
    }

    [Fact]
    public void SampleAndInterpolate_UnderOneLabel_DecodeThatLabel()
    {
        var z = _model.SampleLatents(6, seed: 11);

        Assert.Equal(_model.Decode(z, [7, 7, 7, 7, 7, 7]), _model.Sample(6, seed: 11, label: 7));
        float[] from = [0, 0, 0], to = [1, -1, 2];
        Assert.Equal(_model.Decode(_model.InterpolateLatents(from, to, 5), [4, 4, 4, 4, 4]), _model.Interpolate(from, to, 5, label: 4));
    }

    [Fact]
    public void Calls_WithoutLabelsOnConditionalModel_RefusedSayingWhy()
    {
        var images = TestImages.RandomFloats(2, seed: 1);
        foreach (Action call in new Action[] { () => _model.Encode(images), () => _model.Decode([0, 0, 0]), () => _model.Sample(2, 1), () => _model.Reconstruct(images) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Contains("this model is conditioned on a label in 0..9", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { 1, 10 }, "label 10 (item 1) is outside 0..9")]
    [InlineData(new[] { -1, 3 }, "label -1 (item 0) is outside 0..9")]
    [InlineData(new[] { 1 }, "1 label for 2 images or codes")]
    [InlineData(new[] { 1, 2, 3 }, "3 labels for 2 images or codes")]
    public void Decode_BadLabels_OneLineArgumentException(int[] labels, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => _model.Decode([0, 0, 0, 1, 1, 1], labels));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("labels", error.ParamName);
    }

    [Fact]
    public void Calls_WithLabelsOnUnconditionalModel_Refused()
    {
        var vae = TinyVae.Create();
        using var temp = new TempDirectory();
        using var model = VaeModel.Load(vae.WriteModel(temp.Path), new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });

        var error = Assert.Throws<ArgumentException>(() => model.Decode([0, 0], [3]));

        Assert.Contains("this model takes no labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SpanOverloadWithLabels_AllocatesNoBuffers()
    {
        // ONNX Runtime's managed Run marshals names and wraps values on every call (a few hundred bytes, as for an
        // unconditional model); what must not appear is an array of the labels or of the output.
        float[] z = _model.SampleLatents(3, seed: 2);
        int[] labels = [1, 5, 9];
        var images = new float[3 * 784];
        _model.Decode(z, labels, images); // warm-up: per-thread buffers, pools
        _model.Decode(z.AsSpan(0, 3), labels.AsSpan(0, 1), images.AsSpan(0, 784));

        long before = GC.GetAllocatedBytesForCurrentThread();
        _model.Decode(z, labels, images);
        _model.Decode(z.AsSpan(0, 3), labels.AsSpan(0, 1), images.AsSpan(0, 784));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 2 * 1024);
    }
}
