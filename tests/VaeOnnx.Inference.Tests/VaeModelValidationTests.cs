using VaeOnnx.Inference.Models;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

public class VaeModelValidationTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private static readonly VaeModelOptions Cpu = new() { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 };

    private VaeModel Model => fixture.Model;

    [Fact]
    public void Encode_LengthNotMultipleOf784_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => Model.Encode(new float[785]));
        Assert.Contains("784", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Model.Encode(new byte[100]));
    }

    [Fact]
    public void Encode_Empty_ThrowsArgumentException()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Model.Encode(ReadOnlySpan<float>.Empty)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Model.Encode(ReadOnlySpan<byte>.Empty));
        Assert.Throws<ArgumentException>(() => Model.Decode(ReadOnlySpan<float>.Empty));
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-0.01f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Encode_PixelOutsideUnitRange_ThrowsNamingImageAndPixel(float bad)
    {
        var images = TestImages.RandomFloats(2, seed: 1);
        images[784 + 10] = bad;
        var e = Assert.Throws<ArgumentException>(() => Model.Encode(images));
        Assert.Contains("image 1, pixel 10", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0,1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LengthNotMultipleOfLatent_ThrowsArgumentException()
    {
        var e = Assert.Throws<ArgumentException>(() => Model.Decode([1f, 2f, 3f]));
        Assert.Contains("latent", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Decode_NonFiniteLatent_ThrowsArgumentException(float bad)
    {
        var e = Assert.Throws<ArgumentException>(() => Model.Decode([0f, 0f, 1f, bad]));
        Assert.Contains("code 1, dimension 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Model.Interpolate([0f, bad], [0f, 0f], 3));
    }

    [Fact]
    public void Interpolate_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => Model.Interpolate([0f], [0f, 0f], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Interpolate([0f, 0f], [1f, 1f], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Sample(0, seed: 1));
    }

    [Fact]
    public void Decode_WrongDestinationLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Model.Decode([0f, 0f], new float[783]));
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNotFoundNamingFolder()
    {
        using var temp = new TempDirectory();
        string missing = temp.File("nope");
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(missing, Cpu));
        Assert.Equal(VaeModelFault.NotFound, e.Fault);
        Assert.Contains("nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDecoder_ThrowsNotFoundNamingFile()
    {
        using var temp = new TempDirectory();
        TinyVae.Create().WriteEncoder(temp.File(VaeContract.EncoderFile));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.NotFound, e.Fault);
        Assert.EndsWith("decoder.onnx: file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptOnnx_ThrowsOneLineNamingFile()
    {
        using var temp = new TempDirectory();
        TinyVae.Create().WriteModel(temp.Path);
        File.WriteAllBytes(temp.File(VaeContract.EncoderFile), "this is not a protobuf at all"u8.ToArray());
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Unreadable, e.Fault);
        Assert.Contains("encoder.onnx", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_TruncatedOnnx_ThrowsUnreadableNamingFile()
    {
        using var temp = new TempDirectory();
        TinyVae.Create().WriteModel(temp.Path);
        string decoder = temp.File(VaeContract.DecoderFile);
        var bytes = File.ReadAllBytes(decoder);
        File.WriteAllBytes(decoder, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Unreadable, e.Fault);
        Assert.Contains("decoder.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptOnnxWithCudaRequested_ReportsTheFileNotCuda()
    {
        using var temp = new TempDirectory();
        TinyVae.Create().WriteModel(temp.Path);
        File.WriteAllBytes(temp.File(VaeContract.DecoderFile), [1, 2, 3]);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu with { Device = ExecutionDevice.Cuda }));
        Assert.Contains("decoder.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncoderWithFlatInput_IsRefusedWithShapes()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        vae.WriteEncoder(temp.File(VaeContract.EncoderFile), flatInput: true);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains("encoder.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("[N,784]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[N,1,28,28]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StaticBatch_IsRefused()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        vae.WriteEncoder(temp.File(VaeContract.EncoderFile), staticBatch: true);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("dynamic batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HalvesWithDifferentLatentSizes_IsRefused()
    {
        using var temp = new TempDirectory();
        TinyVae.Create(latent: 2).WriteEncoder(temp.File(VaeContract.EncoderFile));
        TinyVae.Create(latent: 3).WriteDecoder(temp.File(VaeContract.DecoderFile));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains("decoder.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("latent_dim 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MetadataDisagreesWithGraphShape_IsRefused()
    {
        using var temp = new TempDirectory();
        var vae3 = TinyVae.Create(latent: 3);
        var vae2 = TinyVae.Create(latent: 2);
        vae2.WriteEncoder(temp.File(VaeContract.EncoderFile));
        // A latent-3 graph whose metadata claims latent 2.
        vae3.WriteDecoder(temp.File(VaeContract.DecoderFile), vae2.Metadata(VaeContract.Roles.Decoder));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("input 'z'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("role")]
    [InlineData("latent_dim")]
    public void Load_MissingMetadataKey_IsRefused(string key)
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        var metadata = vae.Metadata(VaeContract.Roles.Decoder);
        metadata.Remove(key);
        vae.WriteDecoder(temp.File(VaeContract.DecoderFile), metadata);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains($"no '{key}' metadata", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadLatentDimValue_IsRefused()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        var metadata = vae.Metadata(VaeContract.Roles.Encoder);
        metadata[VaeContract.Keys.LatentDim] = "two";
        vae.WriteEncoder(temp.File(VaeContract.EncoderFile), metadata);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("'two'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SwappedFiles_IsRefusedByRole()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteDecoder(temp.File(VaeContract.EncoderFile));
        vae.WriteEncoder(temp.File(VaeContract.DecoderFile));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("role is 'vae-decoder', expected 'vae-encoder'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeThreads_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VaeModel.Load(fixture.ModelDirectory, Cpu with { IntraOpThreads = -1 }));
    }
}
