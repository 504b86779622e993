namespace VaeOnnx.Contract;

/// <summary>Where a program runs its model: the <c>--device</c> of every VaeOnnx program.</summary>
public enum ExecutionDevice
{
    /// <summary>CUDA when it is present and actually loads, else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>CUDA, falling back to the CPU (with one log line) when it cannot be used.</summary>
    Cuda,
}
