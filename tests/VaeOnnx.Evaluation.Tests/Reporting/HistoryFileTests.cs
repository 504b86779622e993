using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Tests.Reporting;

public sealed class HistoryFileTests
{
    [Fact]
    public void Load_TrainerHistory_ReadsEpochsSignatureAndSettings()
    {
        using var dir = new TempDirectory();
        var written = new TrainingHistory
        {
            Signature = VaeSignature.Mlp(16, 3),
            Training = new TrainingSettings { Epochs = 2, Seed = 7 },
            Epochs = [new EpochRecord(1, new LossTerms(190.9, 185.2, 5.7), new LossTerms(172.7, 166.9, 5.8), 2.1, 28_000, 400)],
            Outcome = TrainingHistory.Outcomes.Completed,
        };
        File.WriteAllText(dir.Combine(ArtifactNames.History), written.ToJson());

        var history = HistoryFile.Load(dir.Combine(ArtifactNames.History));

        Assert.True(history.HasEpochs);
        Assert.Null(history.Problem);
        Assert.Equal(172.7, history.Epochs[0].Test.Loss);
        Assert.Equal(VaeSignature.Mlp(16, 3), history.History!.Signature);
        Assert.Equal(7, history.History.Training!.Seed);
    }

    [Fact]
    public void Load_HistoryWrittenBeforeTheSchemaVersion_ReadsItsEpochs()
    {
        var history = HistoryFile.Load(Path.Combine(RepositoryPaths.LegacyModel, ArtifactNames.History));

        Assert.Null(history.Problem);
        Assert.Equal(1, history.History!.SchemaVersion);
        Assert.Null(history.History.Signature);
        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(493.0065104166667, history.Epochs[1].Test.Loss);
    }

    [Theory]
    [InlineData("not json", "not a training history")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{ \"schemaVersion\": 99, \"epochs\": [] }", "schema version 99 is not supported")]
    [InlineData("{ \"epochs\": [] }", "no epochs recorded")]
    public void Load_Unusable_GivesNoEpochsAndTheReason(string json, string reason)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("h.json"), json);

        var history = HistoryFile.Load(dir.Combine("h.json"));

        Assert.False(history.HasEpochs);
        Assert.Contains(reason, history.Problem, StringComparison.Ordinal);
        Assert.Contains("h.json", history.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysNotFound()
    {
        using var dir = new TempDirectory();
        var history = HistoryFile.Load(dir.Combine(ArtifactNames.History));
        Assert.False(history.HasEpochs);
        Assert.Contains("not found", history.Problem, StringComparison.Ordinal);
    }
}
