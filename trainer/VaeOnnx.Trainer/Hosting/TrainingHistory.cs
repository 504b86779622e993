using System.Text.Json;
using System.Text.Json.Serialization;
using VaeOnnx.Trainer.Export;
using VaeOnnx.Trainer.Training;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>The run as <c>training-history.json</c> records it; the evaluation reads the epochs for loss curves.</summary>
internal sealed record TrainingHistory(
    TrainerOptions Options,
    RunEnvironment Environment,
    DatasetInfo Dataset,
    IReadOnlyList<EpochStats> Epochs,
    string Outcome,
    double WallSeconds,
    ParityReport? OnnxParity)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Where the run happened.</summary>
internal sealed record RunEnvironment(
    string Machine, string Os, int Cores, int Threads, string Device, string DotNet, string TorchSharp, string? GitCommit);

/// <summary>What it was trained on.</summary>
internal sealed record DatasetInfo(string Path, string Name, string Sha256, int TrainImages, int TestImages);
