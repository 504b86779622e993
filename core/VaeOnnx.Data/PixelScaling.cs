using System.Runtime.Intrinsics;

namespace VaeOnnx.Data;

/// <summary>The one place where bytes become model inputs: <c>x / 255</c>, as torchvision's <c>ToTensor</c>.</summary>
public static class PixelScaling
{
    /// <summary>Divisor applied to 8-bit pixels.</summary>
    public const float Divisor = 255f;

    /// <summary>Scales bytes to [0, 1] (<c>byte / 255</c>, IEEE division), 32 pixels at a time where the CPU has AVX2.</summary>
    public static void ToUnit(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, need {pixels.Length}", nameof(destination));
        }
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var divisor = Vector256.Create(Divisor);
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
            destination[i] = pixels[i] / Divisor;
        }
    }

    /// <summary>Whether every value lies in [0,1] (false for NaN): one vectorised pass, no early exit needed.</summary>
    public static bool AllInUnitRange(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<float>.Count)
        {
            var zero = Vector256<float>.Zero;
            var one = Vector256<float>.One;
            var ok = Vector256<float>.AllBitsSet;
            var ok2 = Vector256<float>.AllBitsSet;
            const int width = 8, block = 4 * width;
            // Ordered comparisons: NaN fails both, so it clears the mask like an out-of-range value.
            // Four independent vectors per step keep the AND chains short.
            for (; i <= values.Length - block; i += block)
            {
                var a = Vector256.Create(values.Slice(i, width));
                var b = Vector256.Create(values.Slice(i + width, width));
                var c = Vector256.Create(values.Slice(i + (2 * width), width));
                var d = Vector256.Create(values.Slice(i + (3 * width), width));
                ok &= Vector256.GreaterThanOrEqual(a, zero) & Vector256.LessThanOrEqual(a, one)
                    & Vector256.GreaterThanOrEqual(b, zero) & Vector256.LessThanOrEqual(b, one);
                ok2 &= Vector256.GreaterThanOrEqual(c, zero) & Vector256.LessThanOrEqual(c, one)
                    & Vector256.GreaterThanOrEqual(d, zero) & Vector256.LessThanOrEqual(d, one);
            }
            for (; i <= values.Length - width; i += width)
            {
                var v = Vector256.Create(values.Slice(i, width));
                ok &= Vector256.GreaterThanOrEqual(v, zero) & Vector256.LessThanOrEqual(v, one);
            }
            if ((ok & ok2).AsUInt32() != Vector256<uint>.AllBitsSet)
            {
                return false;
            }
        }
        for (; i < values.Length; i++)
        {
            if (!(values[i] >= 0f && values[i] <= 1f))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Maps [0, 1] floats back to bytes, rounding and clamping.</summary>
    public static void ToBytes(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i] * Divisor;
            destination[i] = (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
        }
    }
}
