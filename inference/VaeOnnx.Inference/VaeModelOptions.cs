using VaeOnnx.Contract;

namespace VaeOnnx.Inference;

/// <summary>How <see cref="VaeModel.Load"/> sets up ONNX Runtime.</summary>
public sealed record VaeModelOptions
{
    /// <summary>Execution device (default <see cref="ExecutionDevice.Auto"/>).</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>CUDA device ordinal.</summary>
    public int DeviceId { get; init; }

    /// <summary>Intra-op threads per session; 0 = all logical cores (<see cref="Environment.ProcessorCount"/>).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Most images (or latent codes) per ONNX Runtime call; bigger inputs are split into chunks of this size so
    /// intermediate activations stay cache- and memory-friendly. 0 = the default (<see cref="VaeModel.DefaultMaxBatch"/>).
    /// </summary>
    public int MaxBatch { get; init; }
}
