using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// p(x|z): latent → hidden (ReLU) → one logit per pixel. Training uses the logits with a fused BCE-with-logits loss
/// (faster and numerically safer); the exported decoder appends the Sigmoid so users get Bernoulli means.
/// </summary>
public sealed class VaeDecoder : nn.Module<Tensor, Tensor>
{
    public VaeDecoder(int latentSize, int hiddenSize, int outputSize) : base(nameof(VaeDecoder))
    {
        logits = nn.Sequential(
            ("fc", nn.Linear(latentSize, hiddenSize)),
            ("relu", nn.ReLU()),
            ("out", nn.Linear(hiddenSize, outputSize)));
        RegisterComponents();
    }

    // The field name becomes the state-dict key prefix (decoder.logits.*) via RegisterComponents.
    private readonly Sequential logits;

    /// <summary>The layers up to the logits (no Sigmoid).</summary>
    public Sequential Logits => logits;

    /// <summary>Returns logits; apply <c>sigmoid</c> for pixel probabilities.</summary>
    public override Tensor forward(Tensor z) => Logits.call(z);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            logits.Dispose();
        }
        base.Dispose(disposing);
    }
}
