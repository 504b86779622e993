using System.Text.Json;
using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Trainer.Hosting;

namespace VaeOnnx.Trainer.Tests;

[Collection(TorchCollection.Name)]
public sealed class ProgramTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // One torch thread for every test, whatever the order: a run without --threads would switch this process to
        // all cores (libtorch's setting is process-wide) for the tests after it.
        int verb = args.Length > 0 && args[0] == "export" ? 1 : 0;
        string[] pinned = !args.Contains("--help") && !args.Contains("--threads") ? [.. args[..verb], "--threads", "1", .. args[verb..]] : args;
        int code = TrainerCommand.Run(pinned, CancellationToken.None, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A usage error: exit 2, one line naming the problem, then the usage hint.</summary>
    private static string AssertUsage((int Code, string Out, string Err) result, string hint = "See 'vae-train --help'.")
    {
        Assert.Equal(2, result.Code);
        string[] lines = result.Err.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("vae-train: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(hint, lines[1]);
        return lines[0];
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs: must be between 1 and 10000 (got 0)")]
    [InlineData("--epochs", "many", "--epochs: 'many' is not an integer")]
    [InlineData("--lr", "fast", "--lr: 'fast' is not a number")]
    [InlineData("--device", "tpu", "--device: 'tpu' is not one of auto, cpu, cuda")]
    [InlineData("--precision", "fp16", "--precision: 'fp16' is not one of float32, bf16")]
    [InlineData("--batch-size", "-3", "--batch-size: must be between 1 and 60000 (got -3)")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    [InlineData("--epoch", "3", "unknown option '--epoch' (did you mean --epochs?)")]
    [InlineData("--no-export", "true", "unexpected argument 'true'")]
    public void Run_BadOption_OneLineHintAndExitCode2(string option, string value, string expected)
    {
        Assert.Equal($"vae-train: {expected}", AssertUsage(Run(option, value)));
    }

    [Fact]
    public void Run_OptionWithoutValue_ExitCode2()
    {
        Assert.Contains("'--epochs'", AssertUsage(Run("--epochs")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingDataFolder_NamesItAndExitCode2()
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run("--data", Path.Combine(dir.Path, "nowhere"), "--out", dir.Path);

        Assert.Equal(2, code);
        Assert.Contains("nowhere: dataset folder not found", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnwritableOut_NamesFolderAndExitCode2()
    {
        using var dir = new TempDirectory();
        string blocker = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var (code, _, err) = Run("--out", Path.Combine(blocker, "models"));

        Assert.Equal(2, code);
        Assert.Contains("cannot write into the output folder given by --out", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Run_Help_ListsEverySwitchWithDefaults()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(0, code);
        foreach (string option in new[] { "--epochs", "--batch-size", "--latent-dim", "--hidden-dim", "--lr", "--seed", "--data", "--out", "--device", "--threads", "--resume", "--train-limit", "--test-limit", "--precision" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("passes over the training set [default: 20]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TinyTraining_WritesWeightsCheckpointHistoryAndCheckedOnnx()
    {
        using var dir = new TempDirectory();
        var (code, output, err) = Run("--data", RepositoryPaths.Mnist, "--out", dir.Path, "--epochs", "1",
            "--train-limit", "1000", "--test-limit", "200", "--threads", "1", "--hidden-dim", "32");

        Assert.True(code == 0, err);
        Assert.Contains("epoch   1/1", output, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime parity", output, StringComparison.Ordinal);
        foreach (string file in new[] { "vae.weights", "checkpoint.pt", ArtifactNames.Encoder, ArtifactNames.Decoder, ArtifactNames.Classifier })
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);
        }
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, ArtifactNames.History)));
        var epochs = history.RootElement.GetProperty("epochs");
        Assert.Equal(1, epochs.GetArrayLength());
        Assert.True(epochs[0].GetProperty("train").GetProperty("loss").GetDouble() > 0);
        Assert.Equal(1000, history.RootElement.GetProperty("dataset").GetProperty("trainImages").GetInt32());
        var parity = history.RootElement.GetProperty("onnxParity");
        Assert.True(parity.GetProperty("passed").GetBoolean());
        Assert.InRange(parity.GetProperty("outputs")[0].GetProperty("maxAbsDiff").GetDouble(), 0, 1e-5);
        var classifier = history.RootElement.GetProperty("classifier");
        Assert.True(classifier.GetProperty("parity").GetProperty("passed").GetBoolean());
        // 1000 images, one epoch: the latent space already separates some digits; chance is 0.1.
        Assert.InRange(classifier.GetProperty("trainAccuracy").GetDouble(), 0.15, 1.0);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Run_PrecisionBf16_RecordedInHistoryAndAResumeAskingFloat32Refused()
    {
        using var dir = new TempDirectory();
        string[] tiny = ["--data", RepositoryPaths.Mnist, "--out", dir.Path, "--train-limit", "256", "--test-limit", "64", "--hidden-dim", "16", "--no-export"];
        var (code, output, err) = Run([.. tiny, "--epochs", "1", "--precision", "bf16"]);

        Assert.True(code == 0, err);
        Assert.Contains("bf16 matrix products", output, StringComparison.Ordinal);
        Assert.Equal(TrainingPrecision.Bf16, TrainingHistory.Load(Path.Combine(dir.Path, ArtifactNames.History)).Training!.Precision);
        string checkpoint = Path.Combine(dir.Path, ArtifactNames.Checkpoint);
        var refused = Run([.. tiny, "--epochs", "2", "--resume", checkpoint, "--precision", "float32"]);
        Assert.Equal(2, refused.Code);
        Assert.Equal($"vae-train: --resume {checkpoint}: the checkpoint holds a mlp-16, 1x28x28 → z 2 model trained with bf16 matrix products; " +
            "--precision asks otherwise (drop it to resume, or train a new model into another --out)", refused.Err.Trim());
    }

    [Fact]
    public void Run_ExportFromCheckpoint_WritesEncoderDecoderAndClassifier()
    {
        using var train = new TempDirectory();
        using var export = new TempDirectory();
        Assert.Equal(0, Run("--data", RepositoryPaths.Mnist, "--out", train.Path, "--epochs", "1", "--train-limit", "500",
            "--test-limit", "100", "--threads", "1", "--hidden-dim", "16", "--no-export").Code);
        Assert.False(File.Exists(Path.Combine(train.Path, ArtifactNames.Encoder)));
        Assert.False(File.Exists(Path.Combine(train.Path, ArtifactNames.Classifier)));

        var (code, output, err) = Run("export", "--checkpoint", Path.Combine(train.Path, "checkpoint.pt"), "--out", export.Path, "--data", RepositoryPaths.Mnist);

        Assert.True(code == 0, err);
        Assert.Contains("after 1 epochs", output, StringComparison.Ordinal);
        Assert.Contains("latent classifier (64,64 hidden) fitted and exported", output, StringComparison.Ordinal);
        foreach (string file in new[] { ArtifactNames.Encoder, ArtifactNames.Decoder, ArtifactNames.Classifier })
        {
            Assert.True(File.Exists(Path.Combine(export.Path, file)), file);
        }
    }

    [Fact]
    public void Run_ExportOfATrainedCheckpoint_SameClassifierAsTraining()
    {
        using var train = new TempDirectory();
        using var export = new TempDirectory();
        Assert.Equal(0, Run("--data", RepositoryPaths.Mnist, "--out", train.Path, "--epochs", "1", "--train-limit", "500",
            "--test-limit", "100", "--threads", "1", "--hidden-dim", "16", "--seed", "3").Code);

        var (code, _, err) = Run("export", "--checkpoint", Path.Combine(train.Path, "checkpoint.pt"), "--out", export.Path, "--data", RepositoryPaths.Mnist);

        Assert.True(code == 0, err);
        using var trained = LatentClassifierModel.Load(train.Path, intraOpThreads: 1);
        using var exported = LatentClassifierModel.Load(export.Path, trained.Signature, intraOpThreads: 1);
        var random = new Random(4);
        float[] codes = [.. Enumerable.Range(0, 64 * trained.LatentDim).Select(_ => (float)(random.NextDouble() * 6 - 3))];
        // Same weights, seed, splits and thread count: the fit is repeated exactly, so the two files agree to the bit.
        Assert.Equal(trained.Probabilities(codes), exported.Probabilities(codes));
    }

    [Fact]
    public void Run_NoClassifier_WritesTheVaeButNoClassifier()
    {
        using var dir = new TempDirectory();

        var (code, output, err) = Run("--data", RepositoryPaths.Mnist, "--out", dir.Path, "--epochs", "1", "--train-limit", "300",
            "--test-limit", "100", "--threads", "1", "--hidden-dim", "8", "--no-classifier");

        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(dir.Path, ArtifactNames.Encoder)));
        Assert.False(File.Exists(Path.Combine(dir.Path, ArtifactNames.Classifier)));
        Assert.DoesNotContain("latent classifier", output, StringComparison.Ordinal);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, ArtifactNames.History)));
        Assert.False(history.RootElement.TryGetProperty("classifier", out _));
        Assert.Null(TrainingHistory.Load(Path.Combine(dir.Path, ArtifactNames.History)).Classifier);
    }

    [Theory]
    [InlineData(new[] { "export" }, "Option '--checkpoint' is required.")]
    [InlineData(new[] { "export", "--checkpoint", "x", "--epochs", "3" }, "unknown option '--epochs'")]
    public void Run_ExportBadArguments_OneLineHintExitCode2(string[] args, string expected)
    {
        Assert.Equal($"vae-train: {expected}", AssertUsage(Run(args), "See 'vae-train export --help'."));
    }

    [Fact]
    public void Run_ExportMissingCheckpoint_NamesTheFileExitCode2()
    {
        var (code, _, err) = Run("export", "--checkpoint", "/nonexistent/checkpoint.pt");

        Assert.Equal(2, code);
        Assert.Equal("vae-train: /nonexistent/checkpoint.pt: cannot read checkpoint (file not found)", err.Trim());
    }

    [Theory]
    [InlineData(ArtifactNames.Checkpoint)]
    [InlineData(ArtifactNames.History)]
    [InlineData(ArtifactNames.Weights)]
    [InlineData(ArtifactNames.Encoder)]
    [InlineData(ArtifactNames.Decoder)]
    [InlineData(ArtifactNames.Classifier)]
    public void Run_FolderInTheWayOfAnOutput_Exit2NamingItNoTemporaryLeft(string file)
    {
        using var dir = new TempDirectory();
        string blocked = Path.Combine(dir.Path, file);
        Directory.CreateDirectory(blocked);

        var (code, _, err) = Run("--data", RepositoryPaths.Mnist, "--out", dir.Path, "--epochs", "1", "--train-limit", "300",
            "--test-limit", "100", "--threads", "1", "--hidden-dim", "8");

        Assert.Equal(2, code);
        Assert.Equal($"vae-train: {Path.GetFullPath(blocked)}: cannot replace the file (a folder is in the way)", err.Trim().Split('\n')[^1]);
        Assert.True(Directory.Exists(blocked));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(dir.Path, file == ArtifactNames.Encoder ? ArtifactNames.Decoder : ArtifactNames.Encoder)) && file is ArtifactNames.Encoder or ArtifactNames.Decoder,
            "one half of the model was written without the other");
    }
}
