using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Tests.Reporting;

public sealed class TrainingHistoryTests
{
    [Fact]
    public void Parse_TrainerFormat_ReadsEpochsAndOptions()
    {
        const string json = """
            { "options": { "epochs": 2, "latentDim": 2 }, "environment": { "os": "linux" },
              "epochs": [
                { "epoch": 1, "train": { "loss": 190.9, "bce": 185.2, "kld": 5.7 }, "test": { "loss": 172.7, "bce": 166.9, "kld": 5.8 }, "seconds": 2.1, "imagesPerSecond": 28000 },
                { "epoch": 2, "train": { "loss": 168.8, "bce": 162.9, "kld": 5.9 }, "test": { "loss": 165.6, "bce": 159.6, "kld": 6.0 }, "seconds": 2.0 }
              ],
              "onnxParity": { "maxAbsDiff": 1e-6 } }
            """;
        var history = TrainingHistory.Parse(json);
        Assert.True(history.HasEpochs);
        Assert.Null(history.Problem);
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(172.7, history.Epochs[0].Test!.Loss);
        Assert.Equal(5.9, history.Epochs[1].Train!.Kld);
        Assert.Equal(2.0, history.Epochs[1].Seconds);
        Assert.Equal(2, history.Options!.Value.GetProperty("latentDim").GetInt32());
    }

    [Fact]
    public void Parse_OtherCasingAndMissingPieces_IsTolerated()
    {
        var history = TrainingHistory.Parse("""{ "Epochs": [ { "Train": { "Loss": 3, "KL": 1 } }, { "test": { "bce": 2, "kld": 1 } }, 7 ] }""");
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(1, history.Epochs[0].Epoch);
        Assert.Equal(3, history.Epochs[0].Train!.Loss);
        Assert.True(double.IsNaN(history.Epochs[0].Train!.Bce));
        Assert.Null(history.Epochs[0].Test);
        Assert.Equal(2, history.Epochs[1].Epoch);
        Assert.Equal(3, history.Epochs[1].Test!.Loss); // bce + kld when loss is absent
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{ \"options\": {} }", "no \"epochs\" array")]
    [InlineData("{ \"epochs\": [] }", "no epochs recorded")]
    public void Parse_Unusable_GivesEmptyHistoryWithReason(string json, string reason)
    {
        var history = TrainingHistory.Parse(json, "h.json");
        Assert.False(history.HasEpochs);
        Assert.Contains(reason, history.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysNotFound()
    {
        using var dir = new TempDirectory();
        var history = TrainingHistory.Load(dir.Combine("training-history.json"));
        Assert.False(history.HasEpochs);
        Assert.Contains("not found", history.Problem, StringComparison.Ordinal);
    }
}
