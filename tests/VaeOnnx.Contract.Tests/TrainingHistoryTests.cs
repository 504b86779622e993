namespace VaeOnnx.Contract.Tests;

public sealed class TrainingHistoryTests
{
    private static TrainingHistory Sample() => new()
    {
        Signature = VaeSignature.Mlp(16, 2),
        Training = new TrainingSettings { Epochs = 3, Seed = 9, TrainLimit = 1000 },
        Environment = new RunEnvironment("host", "linux", 2, 1, "cpu", "10.0", "0.107.0", null),
        Dataset = new DatasetRecord("data/mnist", "mnist", new string('a', 64), 1000, 200),
        Epochs = [new EpochRecord(1, new LossTerms(200, 195, 5), new LossTerms(190, 184, 6), 1.5, 40_000, 400)],
        Outcome = TrainingHistory.Outcomes.Completed,
        WallSeconds = 12.5,
        OnnxParity = new ParityReport([new OutputParity("decoder", "image", 256, 6e-7)], 1e-5, true, "1.31.0"),
    };

    [Fact]
    public void Parse_WhatToJsonWrites_GivesTheSameRecords()
    {
        var history = Sample();

        var read = TrainingHistory.Parse(history.ToJson());

        Assert.Equal(TrainingHistory.CurrentSchemaVersion, read.SchemaVersion);
        Assert.Equal(history.Signature, read.Signature);
        Assert.Equal(history.Training, read.Training);
        Assert.Equal(history.Environment, read.Environment);
        Assert.Equal(history.Dataset, read.Dataset);
        Assert.Equal(history.Epochs, read.Epochs);
        Assert.Equal(history.Outcome, read.Outcome);
        Assert.Equal(history.OnnxParity!.Outputs, read.OnnxParity!.Outputs);
    }

    [Fact]
    public void ToJson_CamelCaseWithSchemaVersionFirst()
    {
        string json = Sample().ToJson();

        Assert.StartsWith("{\n  \"schemaVersion\": 2,", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"imagesPerSecond\": 40000", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TrainingPrecision.Float32, "float32")]
    [InlineData(TrainingPrecision.Bf16, "bf16")]
    public void ToJson_Precision_WrittenAsItsSwitchValueAndReadBack(TrainingPrecision precision, string written)
    {
        var history = Sample() with { Training = Sample().Training! with { Precision = precision } };

        string json = history.ToJson();

        Assert.Contains($"\"precision\": \"{written}\"", json, StringComparison.Ordinal);
        Assert.Equal(precision, TrainingHistory.Parse(json).Training!.Precision);
    }

    [Fact]
    public void Parse_SettingsFromBeforeThePrecision_AreFloat32()
    {
        var read = TrainingHistory.Parse("""{ "schemaVersion": 2, "training": { "epochs": 20, "batchSize": 128, "beta": 1 } }""");

        Assert.Equal(TrainingPrecision.Float32, read.Training!.Precision);
    }

    [Fact]
    public void Parse_FileWithoutSchemaVersion_IsSchemaOne()
    {
        var read = TrainingHistory.Parse("""{ "options": { "epochs": 1 }, "epochs": [ { "epoch": 1, "train": { "loss": 3, "bce": 2, "kld": 1 }, "test": { "loss": 4, "bce": 3, "kld": 1 }, "seconds": 1, "imagesPerSecond": 2, "residentMiB": 3 } ], "outcome": "completed" }""");

        Assert.Equal(1, read.SchemaVersion);
        Assert.Null(read.Signature);
        Assert.Equal(4, read.Epochs[0].Test.Loss);
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 3 }", "h.json: schema version 3 is not supported")]
    [InlineData("[]", "h.json: expected a JSON object")]
    [InlineData("{ \"epochs\": 5 }", "h.json: not a training history")]
    public void Parse_Unusable_OneLineNamingTheFile(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TrainingHistory.Parse(json, "h.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParityReport_Describe_OneLinePerOutput()
    {
        Assert.Equal("decoder/image max |diff| 6E-07 over 256 samples (tolerance 1E-05, ONNX Runtime 1.31.0)", Sample().OnnxParity!.Describe());
    }
}
