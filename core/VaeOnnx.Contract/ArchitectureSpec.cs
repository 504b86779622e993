namespace VaeOnnx.Contract;

/// <summary>
/// Which network a model is and its size parameters. The ids name the architectures the trainer builds; a reader
/// that meets an id it does not know can still run the ONNX graphs, whose shapes the rest of the signature fixes.
/// </summary>
/// <param name="Id">Architecture id, one of <see cref="Ids"/>.</param>
/// <param name="HiddenDim">Width of the fully-connected hidden layer of encoder and decoder.</param>
public sealed record ArchitectureSpec(string Id, int HiddenDim)
{
    /// <summary>The architecture ids the trainer knows.</summary>
    public static class Ids
    {
        /// <summary>Fully connected: image → hidden (ReLU) → (μ, log σ²); z → hidden (ReLU) → image.</summary>
        public const string Mlp = "mlp";

        /// <summary>
        /// Convolutional: two stride-2 4×4 convolutions (32, 64 channels) → hidden (ReLU) → (μ, log σ²); z → hidden →
        /// the feature map → two stride-2 4×4 transposed convolutions → image. Needs image sides divisible by 4.
        /// </summary>
        public const string Conv = "conv";
    }

    /// <summary>A fully connected VAE with one hidden layer of <paramref name="hiddenDim"/> units.</summary>
    public static ArchitectureSpec Mlp(int hiddenDim) => new(Ids.Mlp, hiddenDim);

    /// <summary>A convolutional VAE whose fully connected bottleneck has <paramref name="hiddenDim"/> units.</summary>
    public static ArchitectureSpec Conv(int hiddenDim) => new(Ids.Conv, hiddenDim);

    /// <summary><c>mlp-400</c>: the id and its parameters, for names and logs.</summary>
    public override string ToString() => FormattableString.Invariant($"{Id}-{HiddenDim}");

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new SignatureException("architecture id is empty");
        }
        if (HiddenDim <= 0)
        {
            throw new SignatureException($"architecture hidden size {HiddenDim} is not positive");
        }
    }
}
