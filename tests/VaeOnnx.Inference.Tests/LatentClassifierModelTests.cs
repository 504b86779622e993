using VaeOnnx.Contract;

namespace VaeOnnx.Inference.Tests;

public sealed class LatentClassifierModelTests
{
    private static readonly VaeSignature Vae = TinyVae.Create(latent: 3).Signature;

    private static float[] Codes(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * Vae.LatentDim).Select(_ => (float)((random.NextDouble() * 6) - 3))];
    }

    private static VaeModelException LoadFails(Action<TinyClassifier, string> write, VaeSignature? expected = null)
    {
        using var dir = new TempDirectory();
        write(TinyClassifier.Create(Vae), dir.Path);
        return Assert.Throws<VaeModelException>(() => LatentClassifierModel.Load(dir.Path, expected));
    }

    /// <summary>The metadata with <paramref name="key"/> set to <paramref name="value"/>, or removed for null.</summary>
    private static Dictionary<string, string> With(Dictionary<string, string> metadata, string key, string? value)
    {
        var copy = new Dictionary<string, string>(metadata);
        if (value is null)
        {
            copy.Remove(key);
        }
        else
        {
            copy[key] = value;
        }
        return copy;
    }

    [Fact]
    public void Probabilities_ManyCodes_MatchTheReferenceAndSumToOne()
    {
        using var dir = new TempDirectory();
        var tiny = TinyClassifier.Create(Vae);
        tiny.Write(dir.Path);
        using var model = LatentClassifierModel.Load(dir.Path, Vae, intraOpThreads: 1);
        // More codes than one ONNX Runtime call takes, so the chunks are stitched together too.
        var codes = Codes(VaeModel.DefaultMaxBatch + 77, 1);

        var probabilities = model.Probabilities(codes);

        Assert.Equal((3, 10, "8"), (model.LatentDim, model.Classes, model.Hidden));
        Assert.Equal(Vae, model.Signature);
        var reference = tiny.ProbabilitiesReference(codes);
        Assert.Equal(reference.Length, probabilities.Length);
        for (int i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i], probabilities[i], 1e-5f);
        }
        for (int row = 0; row < codes.Length / 3; row++)
        {
            Assert.Equal(1f, probabilities.AsSpan(row * 10, 10).ToArray().Sum(), 1e-4f);
        }
    }

    [Fact]
    public void Probabilities_IntoDestination_SameAsAllocated()
    {
        using var dir = new TempDirectory();
        TinyClassifier.Create(Vae).Write(dir.Path);
        using var model = LatentClassifierModel.Load(dir.Path);
        var codes = Codes(5, 2);
        var destination = new float[50];

        model.Probabilities(codes, destination);

        Assert.Equal(model.Probabilities(codes), destination);
        Assert.Throws<ArgumentException>(() => model.Probabilities(codes, new float[49]));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void Probabilities_NonFiniteCode_ThrowsNamingIt(float bad)
    {
        using var dir = new TempDirectory();
        TinyClassifier.Create(Vae).Write(dir.Path);
        using var model = LatentClassifierModel.Load(dir.Path);
        var codes = Codes(2, 3);
        codes[4] = bad;

        var e = Assert.Throws<ArgumentException>(() => model.Probabilities(codes));
        Assert.Contains("code 1, dimension 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("whole number", Assert.Throws<ArgumentException>(() => model.Probabilities(new float[4])).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => model.Probabilities(ReadOnlySpan<float>.Empty)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoFile_NotFoundNamingIt()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<VaeModelException>(() => LatentClassifierModel.Load(dir.Path));
        Assert.Equal(VaeModelFault.NotFound, e.Fault);
        Assert.Equal(Path.Combine(dir.Path, ArtifactNames.Classifier), e.FilePath);
    }

    [Fact]
    public void Load_NotOnnx_Unreadable()
    {
        var e = LoadFails((_, dir) => File.WriteAllBytes(Path.Combine(dir, ArtifactNames.Classifier), [1, 2, 3]));
        Assert.Equal(VaeModelFault.Unreadable, e.Fault);
    }

    [Fact]
    public void Load_ClassifierOfAnotherModel_RefusedWhenTheVaeIsNamed()
    {
        var other = TinyVae.Create(latent: 3, hidden: 32).Signature;
        var e = LoadFails((tiny, dir) => tiny.Write(dir), expected: other);
        Assert.Equal(VaeModelFault.Invalid, e.Fault);
        Assert.Contains("another model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongRole_Refused()
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, With(tiny.Metadata(), OnnxMetadataKeys.Role, OnnxMetadataKeys.Roles.Encoder)));
        Assert.Contains($"role is '{OnnxMetadataKeys.Roles.Encoder}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("one")]
    [InlineData("1")]
    public void Load_BadClassCount_Refused(string? classes)
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, With(tiny.Metadata(), LatentClassifierContract.ClassesKey, classes)));
        Assert.Contains($"'{LatentClassifierContract.ClassesKey}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoSignature_Refused()
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, With(tiny.Metadata(), OnnxMetadataKeys.Signature, null)));
        Assert.Contains(OnnxMetadataKeys.Signature, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClassesDisagreeWithTheGraph_Refused()
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, With(tiny.Metadata(), LatentClassifierContract.ClassesKey, "7")));
        Assert.Contains("output 'probabilities' is float32 [N,10], expected float32 [N,7]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputNamedOtherwise_Refused()
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, input: "z"));
        Assert.Contains("expected one input 'mu'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StaticBatch_Refused()
    {
        var e = LoadFails((tiny, dir) => tiny.Write(dir, staticBatch: true));
        Assert.Contains("dynamic batch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_Twice_LaterCallsThrowObjectDisposed()
    {
        using var dir = new TempDirectory();
        TinyClassifier.Create(Vae).Write(dir.Path);
        var model = LatentClassifierModel.Load(dir.Path);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Probabilities(Codes(1, 4)));
    }
}
