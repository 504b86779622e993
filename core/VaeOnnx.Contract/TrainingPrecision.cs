using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>
/// The arithmetic of the matrix products in a training step: <c>--precision</c> of <c>vae-train</c>. The weights,
/// the optimizer, the loss and every exported file stay float32 whichever is chosen.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingPrecision>))]
public enum TrainingPrecision
{
    /// <summary>float32 throughout (the default): bit-for-bit reproducible for a seed and thread count.</summary>
    [JsonStringEnumMemberName("float32")]
    Float32,

    /// <summary>
    /// Opt-in: the fully connected layers multiply in bfloat16 (8-bit mantissa) with float32 accumulation, from
    /// float32 master weights — about twice the matrix-product rate on CPUs with AVX512-BF16. Still reproducible
    /// for a seed and thread count, but not equal to float32.
    /// </summary>
    [JsonStringEnumMemberName("bf16")]
    Bf16,
}
