using VaeOnnx.Contract;
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
        TinyVae.Create().WriteEncoder(temp.File(ArtifactNames.Encoder));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.NotFound, e.Fault);
        Assert.EndsWith("decoder.onnx: file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptOnnx_ThrowsOneLineNamingFile()
    {
        using var temp = new TempDirectory();
        TinyVae.Create().WriteModel(temp.Path);
        File.WriteAllBytes(temp.File(ArtifactNames.Encoder), "this is not a protobuf at all"u8.ToArray());
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
        string decoder = temp.File(ArtifactNames.Decoder);
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
        File.WriteAllBytes(temp.File(ArtifactNames.Decoder), [1, 2, 3]);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu with { Device = ExecutionDevice.Cuda }));
        Assert.Contains("decoder.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncoderWithFlatInput_IsRefusedWithShapes()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        vae.WriteEncoder(temp.File(ArtifactNames.Encoder), flatInput: true);
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
        vae.WriteEncoder(temp.File(ArtifactNames.Encoder), staticBatch: true);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("dynamic batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HalvesWithDifferentLatentSizes_IsRefused()
    {
        using var temp = new TempDirectory();
        TinyVae.Create(latent: 2).WriteEncoder(temp.File(ArtifactNames.Encoder));
        TinyVae.Create(latent: 3).WriteDecoder(temp.File(ArtifactNames.Decoder));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains("decoder.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("signature (mlp-16, 1x28x28 → z 3) disagrees with encoder.onnx (mlp-16, 1x28x28 → z 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MetadataDisagreesWithGraphShape_IsRefused()
    {
        using var temp = new TempDirectory();
        var vae3 = TinyVae.Create(latent: 3);
        var vae2 = TinyVae.Create(latent: 2);
        vae2.WriteEncoder(temp.File(ArtifactNames.Encoder));
        // A latent-3 graph whose metadata claims latent 2.
        vae3.WriteDecoder(temp.File(ArtifactNames.Decoder), vae2.Metadata(OnnxMetadataKeys.Roles.Decoder));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("input 'z'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnnxMetadataKeys.Role)]
    [InlineData(OnnxMetadataKeys.Signature)]
    public void Load_MissingMetadataKey_IsRefused(string key)
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        var metadata = vae.Metadata(OnnxMetadataKeys.Roles.Decoder);
        metadata.Remove(key);
        vae.WriteDecoder(temp.File(ArtifactNames.Decoder), metadata);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains($"no '{key}' metadata", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"latentDim\":2", "\"latentDim\":\"two\"", "signature is not valid")]
    [InlineData("\"version\":1", "\"version\":2", "signature version 2 is not supported")]
    [InlineData("\"latentDim\":2", "\"latentDim\":0", "latent size 0 is not between 1 and 65536")]
    [InlineData("\"id\":\"mlp\"", "\"id\":\"mlp\",\"extra\":1", "signature is not valid")]
    public void Load_BadSignature_IsRefusedNamingTheFile(string from, string to, string expected)
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        var metadata = vae.Metadata(OnnxMetadataKeys.Roles.Encoder);
        Assert.Contains(from, metadata[OnnxMetadataKeys.Signature], StringComparison.Ordinal);
        metadata[OnnxMetadataKeys.Signature] = metadata[OnnxMetadataKeys.Signature].Replace(from, to, StringComparison.Ordinal);
        vae.WriteEncoder(temp.File(ArtifactNames.Encoder), metadata);
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.StartsWith(temp.File(ArtifactNames.Encoder), e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SwappedFiles_IsRefusedByRole()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteDecoder(temp.File(ArtifactNames.Encoder));
        vae.WriteEncoder(temp.File(ArtifactNames.Decoder));
        var e = Assert.Throws<VaeModelException>(() => VaeModel.Load(temp.Path, Cpu));
        Assert.Contains("role is 'vae-decoder', expected 'vae-encoder'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeThreads_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VaeModel.Load(fixture.ModelDirectory, Cpu with { IntraOpThreads = -1 }));
    }
}
