namespace VaeOnnx.Serve.Api;

/// <summary>What a value of a latent code or an image must satisfy, the same for JSON and .npy bodies.</summary>
internal static class ValueRules
{
    /// <summary>What is wrong with <paramref name="value"/> (the end of a message after the value), or null when nothing is.</summary>
    public static string? Fault(float value, ValueKind kind)
    {
        if (!float.IsFinite(value))
        {
            return "is not finite: values must be finite numbers";
        }
        return kind == ValueKind.Pixel && !(value >= 0f && value <= 1f)
            ? "is outside [0,1]: pixels are floats in [0,1] (scale 8-bit values by 1/255)"
            : null;
    }
}
