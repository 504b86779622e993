using VaeOnnx.Data;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Onnx;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests.Onnx;

/// <summary>
/// <c>vae-evaluate</c> through the real ONNX Runtime backend on a tiny exported-layout VAE and synthetic data.
/// </summary>
public sealed class OnnxEndToEndTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = EvaluateCommand.Run(args, OnnxRuntimeBackend.Factory, OnnxRuntimeBackend.NpyWriter, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Run_TinyOnnxModel_WritesEveryArtifactThroughOnnxRuntime()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 300, 120);
        TinyVae.Create(latent: 3).WriteModel(dir.Combine("models"));
        var (code, output, err) = Run("--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"),
            "--trees", "3", "--threads", "1", "--device", "cpu", "--sample-size", "100");
        Assert.True(code == 0, err + output);
        Assert.Contains("provider CPU", output, StringComparison.Ordinal);
        var latents = NpyFile.ReadFloat32(dir.Combine("out", "latents_test.npy"));
        Assert.Equal([120, 3], latents.Shape);
        var reconstructions = NpyFile.ReadFloat32(dir.Combine("out", "reconstructions_test.npy"));
        Assert.Equal([100, 1, 28, 28], reconstructions.Shape);
        Assert.All(reconstructions.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.True(File.Exists(dir.Combine("out", "vae_mnist_complete_analysis.png")));
        Assert.Empty(Directory.GetFiles(dir.Combine("out"), "*.tmp"));
    }

    [Fact]
    public void Run_ConditionalModelWithItsClassifier_EveryClassifierAndLabelFigureThroughOnnxRuntime()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 300, 120);
        var vae = TinyVae.Create(latent: 3, classes: 10);
        vae.WriteModel(dir.Combine("models"));
        TinyClassifier.Create(vae.Signature).Write(dir.Combine("models"));
        var (code, output, err) = Run("--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"),
            "--trees", "3", "--threads", "1", "--device", "cpu", "--sample-size", "50");
        Assert.True(code == 0, err + output);

        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "metrics.json")));
        var classifiers = metrics.RootElement.GetProperty("classifiers");
        Assert.Equal(["forest", "logistic", "mlp"], classifiers.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(0, classifiers.GetProperty("unavailable").GetArrayLength());
        Assert.True(metrics.RootElement.GetProperty("model").GetProperty("conditional").GetBoolean());
        Assert.Equal([120, 2], NpyFile.ReadFloat32(dir.Combine("out", "embedding_tsne_test.npy")).Shape);
        Assert.True(File.Exists(dir.Combine("out", "style_transfer.png")));
        Assert.True(File.Exists(dir.Combine("out", "conditional_samples.png")));
        // Under its true labels, the tiny model's μ of the first test image is the reference's.
        var test = MnistDataset.Load(dir.Combine("data"), DatasetSplit.Test);
        var (mu, _) = vae.EncodeReference(test.ToScaledFloats().AsSpan(0, 784), [test.Labels[0]]);
        var latents = NpyFile.ReadFloat32(dir.Combine("out", "latents_test.npy")).Data;
        Assert.Equal(mu, latents[..3], new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Run_ClassifierOfAnotherModel_ReportedUnavailableNotAFailure()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 100, 40);
        TinyVae.Create(latent: 2).WriteModel(dir.Combine("models"));
        TinyClassifier.Create(TinyVae.Create(latent: 2, hidden: 32).Signature).Write(dir.Combine("models"));
        var (code, output, err) = Run("--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"),
            "--trees", "3", "--threads", "1", "--device", "cpu");

        Assert.True(code == 0, err + output);
        Assert.Contains("MLP (vae-train) unavailable:", output, StringComparison.Ordinal);
        Assert.Contains("fitted on the latents of another model", output, StringComparison.Ordinal);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    [Fact]
    public void Run_CorruptEncoder_ExitsTwoNamingTheFile()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 50, 20);
        TinyVae.Create().WriteModel(dir.Combine("models"));
        File.WriteAllBytes(dir.Combine("models", "encoder.onnx"), [1, 2, 3, 4, 5]);
        var (code, _, err) = Run("--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"), "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("encoder.onnx", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }
}
