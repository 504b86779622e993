using VaeOnnx.Trainer.Hosting;

namespace VaeOnnx.Trainer.Tests;

/// <summary>vae-train's settings: the code's defaults, then appsettings.json, then VAEONNX_ variables, then switches.</summary>
[Collection(TorchCollection.Name)] // sets process environment variables: not in parallel with other trainer tests
public sealed class ConfigurationLayeringTests : IDisposable
{
    private const string EpochsVariable = "VAEONNX_Training__Epochs";
    private const string SeedVariable = "VAEONNX_Training__Seed";
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(EpochsVariable, null);
        Environment.SetEnvironmentVariable(SeedVariable, null);
        _dir.Dispose();
    }

    private string Settings(string json)
    {
        string path = _dir.Combine("appsettings.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Resolve_EachLayer_OverridesTheOneBeneath()
    {
        string settings = Settings("""{ "Training": { "Epochs": 5, "Seed": 9, "LatentDim": 3, "BatchSize": 64 } }""");
        Environment.SetEnvironmentVariable(EpochsVariable, "7");
        Environment.SetEnvironmentVariable(SeedVariable, "11");

        var (options, errors) = TrainerCommand.Resolve(["--seed", "13"], settings);

        Assert.Empty(errors);
        Assert.Equal(64, options!.BatchSize);      // file only
        Assert.Equal(3, options.LatentDim);        // file only
        Assert.Equal(7, options.Epochs);           // environment over file
        Assert.Equal(13, options.Seed);            // switch over environment over file
        Assert.Equal(400, options.HiddenDim);      // nobody: the code's default
    }

    [Fact]
    public void Resolve_BadValueInTheFile_NamesTheFileAndKey()
    {
        string settings = Settings("""{ "Training": { "Epochs": 0 } }""");

        var (options, errors) = TrainerCommand.Resolve([], settings);

        Assert.Null(options);
        Assert.Equal($"{settings} (Training:Epochs): must be between 1 and 10000 (got 0)", Assert.Single(errors));
    }

    [Fact]
    public void Resolve_BadValueInTheEnvironment_NamesTheVariable()
    {
        Environment.SetEnvironmentVariable(EpochsVariable, "many");

        var (_, errors) = TrainerCommand.Resolve([], Settings("{}"));

        Assert.Equal($"{EpochsVariable}: 'many' is not an integer", Assert.Single(errors));
    }

    [Fact]
    public void Resolve_BadEnvironmentButTheSwitchGiven_TheSwitchWins()
    {
        Environment.SetEnvironmentVariable(EpochsVariable, "many");

        var (options, errors) = TrainerCommand.Resolve(["--epochs", "4"], Settings("{}"));

        Assert.Empty(errors);
        Assert.Equal(4, options!.Epochs);
    }
}
