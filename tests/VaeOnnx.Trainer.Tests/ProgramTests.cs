using System.Text.Json;
using VaeOnnx.Inference.Models;

namespace VaeOnnx.Trainer.Tests;

[Collection(TorchCollection.Name)]
public sealed class ProgramTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (Program.Run(args, CancellationToken.None), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs: must be between 1 and 10000 (got 0)")]
    [InlineData("--epochs", "many", "--epochs: 'many' is not an integer")]
    [InlineData("--lr", "fast", "--lr: 'fast' is not a number")]
    [InlineData("--device", "tpu", "--device: must be auto, cpu or cuda (got tpu)")]
    [InlineData("--batch-size", "-3", "--batch-size: must be between 1 and 60000 (got -3)")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    public void Run_BadOption_OneLineAndExitCode2(string option, string value, string expected)
    {
        var (code, _, err) = Run(option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Run_OptionWithoutValue_ExitCode2()
    {
        var (code, _, err) = Run("--epochs");

        Assert.Equal(2, code);
        Assert.Contains("--epochs needs a value", err, StringComparison.Ordinal);
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
    public void Run_Help_ListsEverySwitchWithDefaults()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(0, code);
        foreach (string option in new[] { "--epochs", "--batch-size", "--latent-dim", "--hidden-dim", "--lr", "--seed", "--data", "--out", "--device", "--threads", "--resume", "--train-limit", "--test-limit" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("[20]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TinyTraining_WritesWeightsCheckpointAndHistory()
    {
        using var dir = new TempDirectory();
        var (code, output, err) = Run("--data", RepositoryPaths.Mnist, "--out", dir.Path, "--epochs", "1",
            "--train-limit", "1000", "--test-limit", "200", "--threads", "1", "--hidden-dim", "32", "--no-export", "true");

        Assert.True(code == 0, err);
        Assert.Contains("epoch   1/1", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "vae.weights")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "checkpoint.pt")));
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, VaeContract.HistoryFile)));
        var epochs = history.RootElement.GetProperty("epochs");
        Assert.Equal(1, epochs.GetArrayLength());
        Assert.True(epochs[0].GetProperty("train").GetProperty("loss").GetDouble() > 0);
        Assert.Equal(1000, history.RootElement.GetProperty("dataset").GetProperty("trainImages").GetInt32());
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }
}
