using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// q(z|x): optional feature layers (the convolutions; none for the fully connected VAE), the one-hot label appended
/// for a conditional model, a hidden layer with ReLU, then two heads for μ and log σ².
/// </summary>
public sealed class VaeEncoder : nn.Module<Tensor, Tensor?, (Tensor Mu, Tensor LogVar)>
{
    internal VaeEncoder(Sequential? features, long featureSize, int classes, int hiddenSize, int latentSize) : base(nameof(VaeEncoder))
    {
        this.features = features;
        hidden = nn.Sequential(("fc", nn.Linear(featureSize + classes, hiddenSize)), ("relu", nn.ReLU()));
        mu = nn.Linear(hiddenSize, latentSize);
        logvar = nn.Linear(hiddenSize, latentSize);
        RegisterComponents();
    }

    // RegisterComponents names submodules after their fields: these names become the parameter names
    // (encoder.hidden.fc.weight, ...) that the ONNX initializers carry.
    private readonly Sequential? features;
    private readonly Sequential hidden;
    private readonly Linear mu;
    private readonly Linear logvar;

    /// <summary>Layers from the flat image to the features the hidden layer sees (null: the pixels themselves).</summary>
    public Sequential? Features => features;

    /// <summary>The shared trunk: Linear + ReLU over the features (and the one-hot label, when conditional).</summary>
    public Sequential Hidden => hidden;

    /// <summary>Head producing the posterior mean.</summary>
    public Linear Mu => mu;

    /// <summary>Head producing the posterior log-variance.</summary>
    public Linear LogVar => logvar;

    /// <summary>Encodes flat images [N, pixels]; <paramref name="condition"/> is the one-hot label [N, K] or null.</summary>
    public override (Tensor Mu, Tensor LogVar) forward(Tensor input, Tensor? condition)
    {
        using var scope = NewDisposeScope();
        var x = features is null ? input : Bf16Autocast.Run(features, input);
        if (condition is not null)
        {
            x = cat([x, condition], 1);
        }
        var h = Bf16Autocast.Run(Hidden, x);
        var (m, v) = (Bf16Autocast.ToFloat32(Bf16Autocast.Run(Mu, h)), Bf16Autocast.ToFloat32(Bf16Autocast.Run(LogVar, h)));
        return (m.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features?.Dispose();
            hidden.Dispose();
            mu.Dispose();
            logvar.Dispose();
        }
        base.Dispose(disposing);
    }
}
