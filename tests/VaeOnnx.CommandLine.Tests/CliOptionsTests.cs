using System.CommandLine;
using VaeOnnx.Contract;

namespace VaeOnnx.CommandLine.Tests;

public sealed class CliOptionsTests
{
    private enum Protocol
    {
        TrainTest,
        TestSplit,
    }

    private static ParseResult Parse(Option option, params string[] args)
    {
        var root = new RootCommand { option };
        return root.Parse(args);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    public void Int_InRange_ParsesIt(string text, int expected)
    {
        var option = CliOptions.Int("--epochs", "passes", 20, 1, 100);

        Assert.Equal(expected, Parse(option, "--epochs", text).GetValue(option));
    }

    [Theory]
    [InlineData("0", "--epochs: must be between 1 and 100 (got 0)")]
    [InlineData("many", "--epochs: 'many' is not an integer")]
    [InlineData("2.5", "--epochs: '2.5' is not an integer")]
    public void Int_Bad_OneErrorNamingTheOptionAndTheRange(string text, string expected)
    {
        var option = CliOptions.Int("--epochs", "passes", 20, 1, 100);

        var error = Assert.Single(Parse(option, "--epochs", text).Errors);

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Int_NotGiven_IsTheDefault()
    {
        var option = CliOptions.Int("--epochs", "passes", 20, 1, 100);

        var result = Parse(option);

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.GetValue(option));
        Assert.False(result.IsGiven(option));
    }

    [Fact]
    public void Int_Configured_IsTheDefaultAndTheSwitchWins()
    {
        var option = CliOptions.Int("--epochs", "passes", 20, 1, 100, new ConfiguredValue("7", "VAEONNX_Training__Epochs"));

        Assert.Equal(7, Parse(option).GetValue(option));
        Assert.Equal(9, Parse(option, "--epochs", "9").GetValue(option));
    }

    [Fact]
    public void Int_ConfiguredBadValue_ErrorNamesTheSource()
    {
        var option = CliOptions.Int("--epochs", "passes", 20, 1, 100, new ConfiguredValue("0", "VAEONNX_Training__Epochs"));

        var error = Assert.Single(Parse(option).Errors);

        Assert.Equal("VAEONNX_Training__Epochs: must be between 1 and 100 (got 0)", error.Message);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("1e-3", 0.001)]
    public void Double_InRange_ParsesInvariantCulture(string text, double expected)
    {
        var option = CliOptions.Double("--lr", "rate", 1e-3, 1e-7, 1.0);

        Assert.Equal(expected, Parse(option, "--lr", text).GetValue(option));
    }

    [Theory]
    [InlineData("fast", "--lr: 'fast' is not a number")]
    [InlineData("NaN", "--lr: 'NaN' is not a number")]
    [InlineData("2", "--lr: must be between 1E-07 and 1 (got 2)")]
    public void Double_Bad_OneError(string text, string expected)
    {
        var option = CliOptions.Double("--lr", "rate", 1e-3, 1e-7, 1.0);

        Assert.Equal(expected, Assert.Single(Parse(option, "--lr", text).Errors).Message);
    }

    [Fact]
    public void Choice_EnumMembers_SpelledWithDashesAndCaseInsensitive()
    {
        var option = CliOptions.Choice("--protocol", "how", Protocol.TrainTest);

        Assert.Equal("train-test|test-split", option.HelpName);
        Assert.Equal(Protocol.TestSplit, Parse(option, "--protocol", "Test-Split").GetValue(option));
        Assert.Equal(Protocol.TestSplit, Parse(option, "--protocol", "TestSplit").GetValue(option)); // as help shows defaults
        Assert.Equal(Protocol.TrainTest, Parse(option).GetValue(option));
        Assert.Equal("--protocol: 'other' is not one of train-test, test-split", Assert.Single(Parse(option, "--protocol", "other").Errors).Message);
    }

    [Fact]
    public void Flag_GivenAValue_IsRefused()
    {
        var option = CliOptions.Flag("--no-export", "skip");

        Assert.True(Parse(option, "--no-export").GetValue(option));
        Assert.False(Parse(option).GetValue(option));
        Assert.NotEmpty(Parse(option, "--no-export", "true").Errors);
    }

    [Fact]
    public void Text_Empty_IsRefused()
    {
        var option = CliOptions.Text("--data", "folder", "data/mnist", "DIR");

        Assert.Equal("--data: needs a non-empty value", Assert.Single(Parse(option, "--data", " ").Errors).Message);
    }

    [Fact]
    public void SharedDevice_ParsesEveryExecutionDevice()
    {
        var option = SharedOptions.Device();

        Assert.Equal(ExecutionDevice.Auto, Parse(option).GetValue(option));
        Assert.Equal(ExecutionDevice.Cuda, Parse(option, "--device", "cuda").GetValue(option));
        Assert.Equal("auto|cpu|cuda", option.HelpName);
    }
}
