using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// p(x|z): the one-hot label appended to z for a conditional model, then layers up to one logit per pixel. Training
/// uses the logits with a fused BCE-with-logits loss (faster and numerically safer); the exported decoder appends
/// the Sigmoid so users get Bernoulli means.
/// </summary>
public sealed class VaeDecoder : nn.Module<Tensor, Tensor?, Tensor>
{
    internal VaeDecoder(Sequential logits) : base(nameof(VaeDecoder))
    {
        this.logits = logits;
        RegisterComponents();
    }

    // The field name becomes the state-dict key prefix (decoder.logits.*) via RegisterComponents.
    private readonly Sequential logits;

    /// <summary>The layers up to the logits (no Sigmoid); their output is [N, pixels] or [N, C, H, W].</summary>
    public Sequential Logits => logits;

    /// <summary>Returns flat logits [N, pixels]; <paramref name="condition"/> is the one-hot label [N, K] or null.</summary>
    public override Tensor forward(Tensor z, Tensor? condition)
    {
        if (condition is null)
        {
            return Flat(Bf16Autocast.ToFloat32(Bf16Autocast.Run(Logits, z)));
        }
        using var input = cat([z, condition], 1);
        return Flat(Bf16Autocast.ToFloat32(Bf16Autocast.Run(Logits, input)));
    }

    private static Tensor Flat(Tensor output)
    {
        if (output.dim() == 2)
        {
            return output;
        }
        using (output)
        {
            return output.flatten(1);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            logits.Dispose();
        }
        base.Dispose(disposing);
    }
}
