using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Examples.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Examples.Tests;

/// <summary>
/// examples/EmbedDecoder, built as its README says — the dotnet CLI, the packages from the local feed, none of the
/// repository's build settings — and run on tiny models: its PNG is the library's decode of the same code.
/// </summary>
[Collection(LocalFeedCollection.Name)]
public sealed class EmbedDecoderTests(LocalFeed feed) : IDisposable
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "examples", "EmbedDecoder");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EmbedDecoder_BuiltFromTheLocalFeed_WritesTheLibrarysDecodeAsPng()
    {
        feed.Pack.AssertSucceeded();

        ChildProcess.Run("dotnet", ["build", Project, "-c", "Release", "--nologo", "-v", "quiet", $"-p:VaeOnnxVersion={feed.Version}"], Project)
            .AssertSucceeded();

        // The package just packed, not one from a cache; and no repository setting leaked in (its linux-x64 RID
        // would put the program under bin/Release/net10.0/linux-x64).
        Assert.Contains($"\"VaeOnnx.Inference/{feed.Version}\"", File.ReadAllText(Path.Combine(Project, "obj", "project.assets.json")), StringComparison.Ordinal);
        string program = Path.Combine(Project, "bin", "Release", "net10.0", "EmbedDecoder.dll");
        AssertWritesTheLibrarysDecode(program, TinyVae.Create(latent: 2, seed: 3), "0.5,-1.2", label: null);
        AssertWritesTheLibrarysDecode(program, TinyVae.Create(latent: 3, seed: 4, classes: 10), "1,-0.25,2", label: 7);
    }

    private void AssertWritesTheLibrarysDecode(string program, TinyVae vae, string code, int? label)
    {
        string models = vae.WriteModel(_temp.Sub($"model-{vae.Latent}"));
        string png = _temp.File($"digit-{vae.Latent}.png");
        string[] labelArgument = label is { } l ? [l.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];

        ChildProcess.Run("dotnet", [program, models, png, code, .. labelArgument], _temp.Path).AssertSucceeded();

        using var model = VaeModel.Load(models, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        float[] z = [.. code.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        var image = label is { } digit ? model.Decode(z, [digit]) : model.Decode(z);
        var pixels = new byte[image.Length];
        PixelScaling.ToBytes(image, pixels);
        var shape = model.Signature.Image;
        Assert.Equal(PngFile.EncodeGray(pixels, shape.Width, shape.Height), File.ReadAllBytes(png));
    }
}
