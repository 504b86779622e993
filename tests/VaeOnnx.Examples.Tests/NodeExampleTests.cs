using System.Text.Json;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Examples.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Examples.Tests;

/// <summary>
/// examples/node on onnxruntime-node against the C# library, on a tiny model written for the test: the same decoded
/// images, means and log-variances (within 1e-6), and the same PNG pixels.
/// </summary>
public sealed class NodeExampleTests : IDisposable
{
    private static readonly string Example = Path.Combine(RepositoryPaths.Root, "examples", "node");

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [NodeFact]
    public void NodeExample_ConditionalModel_DecodesAndEncodesAsTheLibraryDoes() => AssertAgreesWithTheLibrary(classes: 10);

    [NodeFact]
    public void NodeExample_UnconditionalModel_DecodesAndEncodesAsTheLibraryDoes() => AssertAgreesWithTheLibrary(classes: 0);

    private void AssertAgreesWithTheLibrary(int classes)
    {
        EnsureInstalled();
        var vae = TinyVae.Create(latent: 3, hidden: 12, seed: 8, classes: classes);
        string models = vae.WriteModel(_temp.Sub("model"));
        using var model = VaeModel.Load(models, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        var z = model.SampleLatents(5, seed: 2);
        var random = new Random(3);
        var images = new float[4 * model.ImageSize];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = (float)random.NextDouble();
        }
        int[]? zLabels = classes > 0 ? [0, 3, 9, 3, 5] : null, imageLabels = classes > 0 ? [1, 8, 8, 2] : null;
        File.WriteAllText(_temp.File("request.json"), JsonSerializer.Serialize(new
        {
            decode = new { z = Rows(z, model.LatentDim), labels = zLabels },
            encode = new { images = Rows(images, model.ImageSize), labels = imageLabels },
        }));

        ChildProcess.Run("node", [Path.Combine(Example, "main.mjs"), models, "--in", _temp.File("request.json"), "--out", _temp.File("result.json"),
            "--png", _temp.File("digit.png")], _temp.Path).AssertSucceeded();

        using var result = JsonDocument.Parse(File.ReadAllText(_temp.File("result.json")));
        var decoded = zLabels is null ? model.Decode(z) : model.Decode(z, zLabels);
        var latents = imageLabels is null ? model.Encode(images) : model.Encode(images, imageLabels);
        AssertClose(decoded, result.RootElement.GetProperty("decoded"));
        AssertClose(latents.Mu, result.RootElement.GetProperty("mu"));
        AssertClose(latents.LogVar, result.RootElement.GetProperty("logVar"));
        var pixels = new byte[model.ImageSize];
        PixelScaling.ToBytes(decoded.AsSpan(0, model.ImageSize), pixels);
        Assert.Equal(pixels, PngFile.ReadGray(_temp.File("digit.png")).Pixels);
    }

    /// <summary>
    /// <c>npm ci</c> unless examples/node/node_modules already holds the locked onnxruntime-node and it loads (it is
    /// kept between runs, git-ignored: the install downloads about 110 MB). The install script's CUDA download is skipped.
    /// </summary>
    private static void EnsureInstalled()
    {
        string installed = Path.Combine(Example, "node_modules", "onnxruntime-node", "package.json");
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(Example, "package-lock.json")));
        string locked = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/onnxruntime-node").GetProperty("version").GetString()!;
        bool current = File.Exists(installed)
            && JsonDocument.Parse(File.ReadAllText(installed)).RootElement.GetProperty("version").GetString() == locked
            && ChildProcess.Run("node", ["--input-type=module", "-e", "import 'onnxruntime-node'"], Example).ExitCode == 0;
        if (!current)
        {
            ChildProcess.Run("npm", ["ci", "--no-audit", "--no-fund"], Example, new Dictionary<string, string> { ["ONNXRUNTIME_NODE_INSTALL_CUDA"] = "skip" })
                .AssertSucceeded();
        }
    }

    private static float[][] Rows(float[] values, int size) => [.. values.Chunk(size)];

    private static void AssertClose(float[] expected, JsonElement rows)
    {
        float[] actual = [.. rows.EnumerateArray().SelectMany(row => row.EnumerateArray()).Select(v => (float)v.GetDouble())];
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"element {i}: the library gives {expected[i]}, the Node example {actual[i]}");
        }
    }
}
