using System.Numerics.Tensors;

namespace VaeOnnx.Inference.Data;

/// <summary>The one place where bytes become model inputs: <c>x / 255</c>, as torchvision's <c>ToTensor</c>.</summary>
public static class PixelScaling
{
    /// <summary>Divisor applied to 8-bit pixels.</summary>
    public const float Divisor = 255f;

    /// <summary>Description written into model metadata.</summary>
    public const string Description = "x/255";

    /// <summary>Scales bytes to [0, 1].</summary>
    public static void ToUnit(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, need {pixels.Length}", nameof(destination));
        }
        for (int i = 0; i < pixels.Length; i++)
        {
            destination[i] = pixels[i];
        }
        TensorPrimitives.Divide(destination[..pixels.Length], Divisor, destination);
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
