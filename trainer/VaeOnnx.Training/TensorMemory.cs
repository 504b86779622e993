using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// The elements of a contiguous float32 CPU tensor where libtorch keeps them, for the hand-written passes (the fused
/// Adam update, the loss). Tensor memory is native: it does not move while the tensor lives.
/// </summary>
internal static unsafe class TensorMemory
{
    /// <summary>Whether the passes can read <paramref name="tensor"/> in place: contiguous float32 in CPU memory.</summary>
    public static bool IsHostFloats(Tensor tensor) =>
        tensor.device_type == DeviceType.CPU && tensor.dtype == ScalarType.Float32 && tensor.is_contiguous();

    /// <summary>The elements, in place.</summary>
    public static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>The address of the first element.</summary>
    public static float* Address(Tensor tensor) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Floats(tensor)));
}
