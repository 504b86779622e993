namespace VaeOnnx.Benchmarks.Tests;

/// <summary>The command line of <c>vae-bench</c>: declared options, parse errors and bad input as one line with exit 2.</summary>
public sealed class BenchmarkCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (int Code, string Out, string Error) Bench(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BenchmarkCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void BenchmarkCommand_Help_ListsEveryOptionWithItsDefault()
    {
        var (code, output, error) = Bench("--help");
        Assert.Equal((0, ""), (code, error));
        foreach (string option in new[] { "--out", "--data", "--epochs", "--trainer", "--evaluator", "--vae", "--skip-e2e", "--models" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("[default: bench/results]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 5]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs: must be between 1 and 1000 (got 0)")]
    [InlineData("--epoch 2", "(did you mean --epochs?)")]
    [InlineData("--skip-e2e true", "unexpected argument 'true'")]
    public void BenchmarkCommand_BadOption_Exit2WithTheErrorAndAHint(string args, string expected)
    {
        var (code, output, error) = Bench(args.Split(' '));
        Assert.Equal((2, ""), (code, output));
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.Equal("See 'vae-bench --help'.", lines[1]);
    }

    [Fact]
    public void BenchmarkCommand_ModelsWithoutCheckpoint_Exit2WithOneLineNamingIt()
    {
        string models = _temp.Sub("models");
        var (code, _, error) = Bench("--skip-e2e", "--models", models, "--out", _temp.Sub("out"));
        Assert.Equal(2, code);
        string line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"vae-bench: {Path.Combine(models, "checkpoint.pt")}: ", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.File("out")));
    }

    [Fact]
    public void BenchmarkCommand_ModelsWithDamagedCheckpoint_Exit2WithOneLine()
    {
        string models = _temp.Sub("damaged");
        File.WriteAllText(Path.Combine(models, "checkpoint.pt"), "not a checkpoint");
        var (code, _, error) = Bench("--skip-e2e", "--models", models, "--out", _temp.Sub("out2"));
        Assert.Equal(2, code);
        string line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Contains("checkpoint.pt: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchmarkCommand_OutIsAFile_Exit2NamingItBeforeAnythingElse()
    {
        // The models folder has no checkpoint either: the --out error must come first, before minutes of measuring.
        string output = _temp.File("out-file");
        File.WriteAllText(output, "in the way");
        var (code, _, error) = Bench("--skip-e2e", "--models", _temp.Sub("no-checkpoint"), "--out", output);
        Assert.Equal(2, code);
        Assert.Equal($"vae-bench: {output}: the output folder given by --out is a file", Assert.Single(error.TrimEnd('\n').Split('\n')));
    }

    [Fact]
    public void BenchmarkCommand_SoakOutIsAFile_Exit2NamingItBeforeTheSoak()
    {
        string output = _temp.File("soak-file");
        File.WriteAllText(output, "in the way");
        var (code, _, error) = Bench("soak", "--models", _temp.Sub("models"), "--vae", _temp.File("vae.dll"), "--out", output);
        Assert.Equal(2, code);
        Assert.Equal($"vae-bench: {output}: the output folder given by --out is a file", Assert.Single(error.TrimEnd('\n').Split('\n')));
    }

    [Fact]
    public void BenchmarkCommand_ZooReportsRootBelowAFile_Exit2NamingItBeforeTraining()
    {
        File.WriteAllText(_temp.File("a-file"), "in the way");
        string reports = Path.Combine(_temp.File("a-file"), "zoo");
        var (code, _, error) = Bench("zoo", "--data", _temp.File("no-data"), "--trainer", "t.dll", "--evaluator", "e.dll", "--vae", "v.dll",
            "--models-root", _temp.Sub("zoo-models"), "--reports-root", reports);
        Assert.Equal(2, code);
        Assert.StartsWith($"vae-bench: {reports}: cannot write into the output folder given by --reports-root (",
            Assert.Single(error.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void BenchmarkCommand_SoakHelp_ListsItsOptionsWithTheirDefaults()
    {
        Assert.Contains("--soak-seconds", Bench("--help").Out, StringComparison.Ordinal);
        var (code, output, error) = Bench("soak", "--help");
        Assert.Equal((0, ""), (code, error));
        foreach (string option in new[] { "--models", "--vae", "--data", "--seconds", "--warmup-seconds", "--clients", "--out" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("[default: 60]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 32]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 20]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchmarkCommand_SoakWithMissingVaeDll_Exit2WithOneLineNamingIt()
    {
        string vae = _temp.File("vae.dll");
        var (code, _, error) = Bench("soak", "--models", _temp.Sub("models"), "--vae", vae, "--out", _temp.Sub("soak-out"));
        Assert.Equal(2, code);
        string line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal($"vae-bench: {vae}: vae.dll not found (build the solution first)", line);
        Assert.Empty(Directory.GetFiles(_temp.File("soak-out")));
    }
}
