using System.CommandLine;
using VaeOnnx.Data;

namespace VaeOnnx.CommandLine.Tests;

public sealed class CliRunnerTests
{
    private static (int Code, string Out, string[] Err) Run(Func<ParseResult, int> action, params string[] args)
    {
        var epochs = CliOptions.Int("--epochs", "passes over the training set", 20, 1, 100);
        var root = new RootCommand("test program") { epochs };
        root.SetAction(action);
        var sub = new Command("export", "export something") { CliOptions.RequiredText("--checkpoint", "file", "FILE") };
        sub.SetAction(action);
        root.Subcommands.Add(sub);
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliRunner.Run(root, "prog", args, output, error);
        return (code, output.ToString(), error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_BadValue_OneLineThenUsageHintExit2()
    {
        var (code, _, err) = Run(_ => 0, "--epochs", "0");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(["prog: --epochs: must be between 1 and 100 (got 0)", "See 'prog --help'."], err);
    }

    [Fact]
    public void Run_Typo_SuggestsTheOption()
    {
        var (code, _, err) = Run(_ => 0, "--epoch", "3");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("prog: unknown option '--epoch' (did you mean --epochs?)", err[0]);
    }

    [Fact]
    public void Run_SubcommandError_HintNamesTheSubcommand()
    {
        var (code, _, err) = Run(_ => 0, "export");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("See 'prog export --help'.", err[1]);
    }

    [Fact]
    public void Run_Help_GeneratedWithDefaults()
    {
        var (code, output, err) = Run(_ => 1, "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(err);
        Assert.Contains("--epochs <N>", output, StringComparison.Ordinal);
        Assert.Contains("passes over the training set [default: 20]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(UsageException), ExitCodes.Usage, "prog: give one of --a or --b")]
    [InlineData(typeof(OperationCanceledException), ExitCodes.Interrupted, "prog: interrupted")]
    [InlineData(typeof(InvalidOperationException), ExitCodes.Failure, "prog: unexpected InvalidOperationException: give one of --a or --b")]
    public void Run_ActionThrows_ErrorPolicyDecidesCodeAndLine(Type type, int expectedCode, string expectedLine)
    {
        var (code, _, err) = Run(_ => throw (Exception)Activator.CreateInstance(type, "give one of --a or --b")!);

        Assert.Equal(expectedCode, code);
        Assert.Equal([expectedLine], err);
    }

    [Fact]
    public void Run_DataFileExceptionWithHint_OneLineWithHintExit2()
    {
        var (code, _, err) = Run(_ => throw new DataFileException("models/encoder.onnx", "file not found") { Hint = "run `make train` first" });

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(["prog: models/encoder.onnx: file not found (run `make train` first)"], err);
    }

    [Fact]
    public void ErrorPolicy_MultiLineMessage_FoldedOntoOneLine()
    {
        var (_, message) = ErrorPolicy.Describe(new IOException("disk\nfull\tnow"));

        Assert.Equal("disk full now", message);
    }

    [Fact]
    public void ErrorPolicy_ArgumentException_DropsTheParameterSuffix()
    {
        var (code, message) = ErrorPolicy.Describe(new ArgumentException("a latent code has 2 values, got 3", "fromZ"));

        Assert.Equal((ExitCodes.Usage, "a latent code has 2 values, got 3"), (code, message));
    }
}
