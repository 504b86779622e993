namespace VaeOnnx.Inference;

/// <summary>
/// Encoder output for <see cref="Count"/> images: posterior means and log-variances, each row-major
/// [<see cref="Count"/>, <see cref="LatentDim"/>].
/// </summary>
public sealed record VaeLatents(float[] Mu, float[] LogVar, int Count, int LatentDim)
{
    /// <summary>Mean of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> MuOf(int index) => Mu.AsSpan(index * LatentDim, LatentDim);

    /// <summary>Log-variance of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> LogVarOf(int index) => LogVar.AsSpan(index * LatentDim, LatentDim);
}
