namespace VaeOnnx.Contract.Tests;

public sealed class VaeSignatureTests
{
    [Fact]
    public void ToJson_Default_RoundTripsAndNamesEveryPart()
    {
        string json = VaeSignature.Default.ToJson();

        Assert.Equal(VaeSignature.Default, VaeSignature.Parse(json));
        Assert.Equal(
            """{"version":1,"architecture":{"id":"mlp","hiddenDim":400},"image":{"channels":1,"height":28,"width":28},"latentDim":2,"conditioning":{"kind":"none","classes":0},"tensors":{"encoderInput":"image","mu":"mu","logVar":"logvar","decoderInput":"z","decoderOutput":"image","label":"label"},"pixelScaling":"x/255","output":"bernoulli-means"}""",
            json);
    }

    [Fact]
    public void Parse_ConditionalSignature_RoundTrips()
    {
        var signature = VaeSignature.Mlp(64, 8) with { Conditioning = Conditioning.ClassLabel(10) };

        var parsed = VaeSignature.Parse(signature.ToJson());

        Assert.Equal(signature, parsed);
        Assert.True(parsed.IsConditional);
        Assert.Equal("mlp-64, 1x28x28 → z 8, conditioned on a label of 10 classes", parsed.Describe());
    }

    [Theory]
    [InlineData("""{"version":2}""", "signature version 2 is not supported")]
    [InlineData("not json", "signature is not valid")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":400},"image":{"channels":1,"height":28,"width":28},"latentDim":2,"colour":"red"}""", "signature is not valid")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":0},"image":{"channels":1,"height":28,"width":28},"latentDim":2}""", "hidden size 0 is not positive")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":4},"image":{"channels":0,"height":28,"width":28},"latentDim":2}""", "image shape 0x28x28")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":4},"image":{"channels":1,"height":28,"width":28},"latentDim":0}""", "latent size 0")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":4},"image":{"channels":1,"height":28,"width":28},"latentDim":2,"conditioning":{"kind":"class-label","classes":1}}""", "conditioning 'class-label' with 1 classes")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":4},"image":{"channels":1,"height":28,"width":28},"latentDim":2,"pixelScaling":"x/256"}""", "pixel scaling 'x/256' is not supported")]
    [InlineData("""{"version":1,"architecture":{"id":"mlp","hiddenDim":4},"image":{"channels":1,"height":28,"width":28},"latentDim":2,"tensors":{"encoderInput":"x","mu":"x","logVar":"v","decoderInput":"z","decoderOutput":"y","label":"l"}}""", "tensor names must be non-empty and distinct")]
    public void Parse_Unusable_ThrowsOneLineSignatureException(string json, string expected)
    {
        var error = Assert.Throws<SignatureException>(() => VaeSignature.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FromMetadata_SignatureKey_ReadsIt()
    {
        var signature = VaeSignature.Mlp(32, 3);

        var read = VaeSignature.FromMetadata(new Dictionary<string, string> { [OnnxMetadataKeys.Signature] = signature.ToJson() });

        Assert.Equal(signature, read);
    }

    [Fact]
    public void FromMetadata_FileFromBeforeTheSignature_MapsTheOldKeys()
    {
        var metadata = new Dictionary<string, string>
        {
            ["role"] = "vae-decoder",
            ["architecture"] = "fc 784-16-2",
            [OnnxMetadataKeys.Legacy.LatentDim] = "2",
            [OnnxMetadataKeys.Legacy.HiddenDim] = "16",
            [OnnxMetadataKeys.Legacy.InputShape] = "1x28x28",
            ["pixel_scaling"] = "x/255",
        };

        Assert.Equal(VaeSignature.Mlp(16, 2), VaeSignature.FromMetadata(metadata));
    }

    [Theory]
    [InlineData("latent_dim", "two", "metadata 'latent_dim' is 'two', expected a positive integer")]
    [InlineData("input_shape", "28x28", "metadata 'input_shape' is '28x28', expected CxHxW")]
    public void FromMetadata_BadOldKey_NamesIt(string key, string value, string expected)
    {
        var metadata = new Dictionary<string, string> { ["latent_dim"] = "2", ["hidden_dim"] = "16", [key] = value };

        var error = Assert.Throws<SignatureException>(() => VaeSignature.FromMetadata(metadata));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void FromMetadata_NeitherForm_SaysItIsNoExport()
    {
        var error = Assert.Throws<SignatureException>(() => VaeSignature.FromMetadata(new Dictionary<string, string> { ["role"] = "x" }));

        Assert.Contains("not a VaeOnnx export", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1x28x28", 1, 28, 28)]
    [InlineData("3x32x24", 3, 32, 24)]
    public void ImageShape_TryParse_ReadsWhatToStringWrites(string text, int channels, int height, int width)
    {
        var shape = ImageShape.TryParse(text);

        Assert.Equal(new ImageShape(channels, height, width), shape);
        Assert.Equal(text, shape!.ToString());
        Assert.Equal(channels * height * width, shape.Size);
        Assert.Equal([7L, channels, height, width], shape.WithBatch(7));
    }

    [Theory]
    [InlineData("")]
    [InlineData("28x28")]
    [InlineData("1x28x-2")]
    [InlineData("1x28x28x1")]
    [InlineData(null)]
    public void ImageShape_TryParse_NotCxHxW_IsNull(string? text) => Assert.Null(ImageShape.TryParse(text));
}
