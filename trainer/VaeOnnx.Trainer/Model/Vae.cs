using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Model;

/// <summary>The fully-connected VAE of the seed: encoder and decoder as registered submodules.</summary>
public sealed class Vae : nn.Module<Tensor, Tensor, (Tensor Logits, Tensor Mu, Tensor LogVar)>
{
    public Vae(int hiddenSize, int latentSize, int imageSize = 784) : base(nameof(Vae))
    {
        HiddenSize = hiddenSize;
        LatentSize = latentSize;
        encoder = new VaeEncoder(imageSize, hiddenSize, latentSize);
        decoder = new VaeDecoder(latentSize, hiddenSize, imageSize);
        RegisterComponents();
    }

    // Field names become the state-dict keys (encoder.*, decoder.*) via RegisterComponents.
    private readonly VaeEncoder encoder;
    private readonly VaeDecoder decoder;

    public int HiddenSize { get; }

    public int LatentSize { get; }

    public VaeEncoder Encoder => encoder;

    public VaeDecoder Decoder => decoder;

    /// <summary>Encodes, samples z = mu + exp(logvar/2)·eps with the given noise, decodes to logits.</summary>
    /// <param name="input">Images [N,784] in [0,1].</param>
    /// <param name="noise">Standard normal noise [N,latent]; passing it keeps sampling under the caller's generator.</param>
    public override (Tensor Logits, Tensor Mu, Tensor LogVar) forward(Tensor input, Tensor noise)
    {
        var (mu, logVar) = Encoder.call(input);
        using var std = logVar.mul(0.5).exp_();
        using var z = noise.mul(std).add_(mu);
        return (Decoder.call(z), mu, logVar);
    }

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
