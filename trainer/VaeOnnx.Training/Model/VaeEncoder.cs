using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>q(z|x): pixels → hidden (ReLU) → (mu, logvar), each of size latent.</summary>
public sealed class VaeEncoder : nn.Module<Tensor, (Tensor Mu, Tensor LogVar)>
{
    public VaeEncoder(int inputSize, int hiddenSize, int latentSize) : base(nameof(VaeEncoder))
    {
        hidden = nn.Sequential(("fc", nn.Linear(inputSize, hiddenSize)), ("relu", nn.ReLU()));
        mu = nn.Linear(hiddenSize, latentSize);
        logvar = nn.Linear(hiddenSize, latentSize);
        RegisterComponents();
    }

    // RegisterComponents names submodules after their fields: these names become the parameter names
    // (encoder.hidden.fc.weight, ...) that the ONNX initializers carry.
    private readonly Sequential hidden;
    private readonly Linear mu;
    private readonly Linear logvar;

    /// <summary>The shared trunk: Linear + ReLU.</summary>
    public Sequential Hidden => hidden;

    /// <summary>Head producing the posterior mean.</summary>
    public Linear Mu => mu;

    /// <summary>Head producing the posterior log-variance.</summary>
    public Linear LogVar => logvar;

    public override (Tensor Mu, Tensor LogVar) forward(Tensor input)
    {
        using var hidden = Hidden.call(input);
        return (Mu.call(hidden), LogVar.call(hidden));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hidden.Dispose();
            mu.Dispose();
            logvar.Dispose();
        }
        base.Dispose(disposing);
    }
}
