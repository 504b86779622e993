using VaeOnnx.Cli.Bench;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

/// <summary>The floor of <c>vae bench</c>: a bare run sees the caller's current input, the same-input variant does not.</summary>
public sealed class BareRunTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public void Run_SourceChangedBetweenCalls_DecodesTheNewInputLikeTheLibrary()
    {
        var model = fixture.Model;
        float[] z = [0.5f, -1f];
        using var bare = Decoding(z);

        bare.Run();
        z[0] = 2f;
        bare.RunSameInput();
        float[] stale = bare.Output(0).ToArray();
        bare.Run();

        Assert.Equal(model.Decode([0.5f, -1f]), stale);
        Assert.Equal(model.Decode(z), bare.Output(0).ToArray());
    }

    [Fact]
    public void RunIntoNewArrays_TwoCalls_EachFillsFreshArraysWithTheOutputs()
    {
        var model = fixture.Model;
        float[] z = [0.5f, -1f];
        using var bare = Decoding(z);

        bare.RunIntoNewArrays();
        float[] first = bare.NewArrays[0];
        z[0] = 2f;
        bare.RunIntoNewArrays();

        Assert.Equal(model.Decode([0.5f, -1f]), first);
        Assert.Equal(model.Decode(z), bare.NewArrays[0]);
        Assert.NotSame(first, bare.NewArrays[0]);
    }

    /// <summary>A bare run of the tiny model's decoder on the latent code <paramref name="z"/> (one image).</summary>
    private BareRun Decoding(float[] z)
    {
        var model = fixture.Model;
        return new BareRun(model.DecoderSession, [(model.Signature.Tensors.DecoderInput, z, [1, 2])],
            [model.Signature.Tensors.DecoderOutput], [model.Signature.Image.WithBatch(1)]);
    }
}
