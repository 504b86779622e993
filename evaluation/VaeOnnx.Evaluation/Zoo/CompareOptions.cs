using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Zoo;

/// <summary>What <c>vae-evaluate compare</c> is told.</summary>
public sealed record CompareOptions
{
    /// <summary>The zoo's reports folder: <see cref="ArtifactNames.ZooSummary"/>, one report folder per member, and the outputs.</summary>
    public string ZooDirectory { get; init; } = "reports/zoo";

    /// <summary>One model folder per member, named as the member.</summary>
    public string ModelsRoot { get; init; } = "models/zoo";

    /// <summary>The dataset whose test images the members reconstruct.</summary>
    public string DataDirectory { get; init; } = VaeOnnx.CommandLine.SharedOptions.DefaultData;

    /// <summary>Seed of the codes z ~ N(0, I) every member decodes.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where ONNX Runtime runs.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>ONNX Runtime threads, 0 = all cores.</summary>
    public int Threads { get; init; }
}
