using System.Runtime.Intrinsics;
using VaeOnnx.Inference.Data;

namespace VaeOnnx.Inference;

/// <summary>
/// Vectorised <c>byte → float / 255</c>, bit-for-bit what <see cref="PixelScaling.ToUnit"/> produces (same IEEE
/// division by <see cref="PixelScaling.Divisor"/>), but widening 32 bytes at a time: the scalar conversion was about a
/// third of a 70k-image encode pass.
/// </summary>
internal static class FastPixels
{
    public static void ToUnit(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, need {pixels.Length}", nameof(destination));
        }
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var divisor = Vector256.Create(PixelScaling.Divisor);
            for (; i <= pixels.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var (low16, high16) = Vector256.Widen(Vector256.Create(pixels.Slice(i, Vector256<byte>.Count)));
                var (q0, q1) = Vector256.Widen(low16);
                var (q2, q3) = Vector256.Widen(high16);
                var output = destination.Slice(i, Vector256<byte>.Count);
                (Vector256.ConvertToSingle(q0) / divisor).CopyTo(output);
                (Vector256.ConvertToSingle(q1) / divisor).CopyTo(output[8..]);
                (Vector256.ConvertToSingle(q2) / divisor).CopyTo(output[16..]);
                (Vector256.ConvertToSingle(q3) / divisor).CopyTo(output[24..]);
            }
        }
        for (; i < pixels.Length; i++)
        {
            destination[i] = pixels[i] / PixelScaling.Divisor;
        }
    }
}
