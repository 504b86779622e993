using VaeOnnx.Contract;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// A VAE built from its <see cref="VaeSignature"/>: encoder and decoder as registered submodules. The signature is
/// the model configuration, so the checkpoint, the history and the exported ONNX files all describe the same model.
/// </summary>
public sealed class Vae : nn.Module<Tensor, Tensor, (Tensor Logits, Tensor Mu, Tensor LogVar)>
{
    /// <summary>Builds the network <paramref name="signature"/> describes (weights from the current torch seed).</summary>
    /// <exception cref="ArgumentException">An architecture or conditioning the trainer cannot build.</exception>
    public Vae(VaeSignature signature) : base(nameof(Vae))
    {
        ArgumentNullException.ThrowIfNull(signature);
        signature.Validate();
        if (signature.Architecture.Id != ArchitectureSpec.Ids.Mlp || signature.IsConditional)
        {
            throw new ArgumentException($"the trainer cannot build {signature.Describe()}", nameof(signature));
        }
        Signature = signature;
        int hidden = signature.Architecture.HiddenDim;
        encoder = new VaeEncoder(signature.ImageSize, hidden, signature.LatentDim);
        decoder = new VaeDecoder(signature.LatentDim, hidden, signature.ImageSize);
        RegisterComponents();
    }

    // Field names become the state-dict keys (encoder.*, decoder.*) via RegisterComponents.
    private readonly VaeEncoder encoder;
    private readonly VaeDecoder decoder;

    /// <summary>What this network is.</summary>
    public VaeSignature Signature { get; }

    /// <summary>Size of z.</summary>
    public int LatentSize => Signature.LatentDim;

    /// <summary>q(z|x).</summary>
    public VaeEncoder Encoder => encoder;

    /// <summary>p(x|z), up to the logits.</summary>
    public VaeDecoder Decoder => decoder;

    /// <summary>Encodes, samples z = mu + exp(logvar/2)·eps with the given noise, decodes to logits.</summary>
    /// <param name="input">Images [N, image size] in [0,1].</param>
    /// <param name="noise">Standard normal noise [N,latent]; passing it keeps sampling under the caller's generator.</param>
    public override (Tensor Logits, Tensor Mu, Tensor LogVar) forward(Tensor input, Tensor noise)
    {
        var (mu, logVar) = Encoder.call(input);
        using var std = logVar.mul(0.5).exp_();
        using var z = noise.mul(std).add_(mu);
        return (Decoder.call(z), mu, logVar);
    }

    /// <summary>Multiply-adds of one image's forward pass through encoder and decoder (for FLOP estimates).</summary>
    public long ForwardMultiplyAdds() =>
        Encoder.modules().Concat(Decoder.modules()).OfType<TorchSharp.Modules.Linear>().Sum(l => l.in_features * l.out_features);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
