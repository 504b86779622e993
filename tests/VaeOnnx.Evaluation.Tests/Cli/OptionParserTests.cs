using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;

namespace VaeOnnx.Evaluation.Tests.Cli;

public sealed class OptionParserTests
{
    [Fact]
    public void Parse_NoArguments_GivesDefaults()
    {
        var parsed = OptionParser.Parse([]);
        Assert.False(parsed.ShowHelp);
        var o = parsed.Options;
        Assert.Equal("models", o.ModelDirectory);
        Assert.Equal("data/mnist", o.DataDirectory);
        Assert.Equal("reports", o.OutputDirectory);
        Assert.Null(o.SampleSize);
        Assert.Equal(100, o.Trees);
        Assert.Equal(ClassifierProtocol.TrainTest, o.Protocol);
        Assert.Equal(42, o.Seed);
        Assert.Equal(ExecutionDevice.Auto, o.Device);
        Assert.Equal(0, o.Threads);
    }

    [Fact]
    public void Parse_EveryOption_SetsIt()
    {
        var o = OptionParser.Parse(["--models", "m", "--data=d", "--out", "o", "--sample-size", "1000", "--trees", "20",
            "--classifier-protocol", "test-split", "--seed", "-3", "--device", "cpu", "--threads", "1"]).Options;
        Assert.Equal(("m", "d", "o"), (o.ModelDirectory, o.DataDirectory, o.OutputDirectory));
        Assert.Equal(1000, o.SampleSize);
        Assert.Equal(20, o.Trees);
        Assert.Equal(ClassifierProtocol.TestSplit, o.Protocol);
        Assert.Equal(-3, o.Seed);
        Assert.Equal(ExecutionDevice.Cpu, o.Device);
        Assert.Equal(1, o.Threads);
        Assert.Equal(1, o.EffectiveThreads);
    }

    [Fact]
    public void Parse_SampleSizeAll_MeansEveryImage()
    {
        Assert.Null(OptionParser.Parse(["--sample-size", "all"]).Options.SampleSize);
    }

    [Fact]
    public void Parse_Help_IsRecognised()
    {
        Assert.True(OptionParser.Parse(["--help"]).ShowHelp);
        Assert.True(OptionParser.Parse(["-h"]).ShowHelp);
    }

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unknown option '--bogus'", "--bogus=1")]
    [InlineData("expects an integer, got 'ten'", "--trees", "ten")]
    [InlineData("expects an integer, got '1.5'", "--sample-size", "1.5")]
    [InlineData("must be at least 1, got 0", "--sample-size", "0")]
    [InlineData("must be between 1 and 10000, got 0", "--trees", "0")]
    [InlineData("needs a value", "--seed")]
    [InlineData("expects auto, cpu or cuda", "--device", "tpu")]
    [InlineData("expects train-test or test-split", "--classifier-protocol", "cv")]
    [InlineData("unexpected argument 'extra'", "extra")]
    [InlineData("given more than once", "--trees", "1", "--trees", "2")]
    [InlineData("must be between 0 and 1024, got -1", "--threads", "-1")]
    public void Parse_BadCommandLine_ThrowsUsageExceptionWithOneLine(string expected, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => OptionParser.Parse(args));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
