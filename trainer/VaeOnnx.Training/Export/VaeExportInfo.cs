using VaeOnnx.Contract;

namespace VaeOnnx.Training.Export;

/// <summary>
/// What the trainer knows about a run and the exporter writes into both ONNX files' metadata
/// (keys in <see cref="OnnxMetadataKeys"/>), besides the signature of the model itself.
/// </summary>
public sealed record VaeExportInfo
{
    /// <summary>Dataset name (its folder name, e.g. <c>mnist</c>).</summary>
    public required string Dataset { get; init; }

    /// <summary>SHA-256 over the dataset's decompressed files (hex).</summary>
    public required string DatasetSha256 { get; init; }

    /// <summary>Epochs trained.</summary>
    public required int Epochs { get; init; }

    /// <summary>The training seed.</summary>
    public required long Seed { get; init; }

    /// <summary>Final train loss per sample.</summary>
    public required double FinalTrainLoss { get; init; }

    /// <summary>Final test loss per sample.</summary>
    public required double FinalTestLoss { get; init; }

    /// <summary>Creation time; written as ISO 8601 UTC. Defaults to now.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Git commit of the training code; empty when unknown, and then the key is left out.</summary>
    public string GitCommit { get; init; } = "";

    /// <summary>ONNX <c>model_version</c>.</summary>
    public long ModelVersion { get; init; } = 1;

    /// <summary>ONNX <c>producer_version</c>; defaults to the trainer's version.</summary>
    public string? ProducerVersion { get; init; }
}
