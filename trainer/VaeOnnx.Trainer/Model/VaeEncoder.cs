using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Model;

/// <summary>q(z|x): 784 → hidden (ReLU) → (mu, logvar), each of size latent.</summary>
public sealed class VaeEncoder : nn.Module<Tensor, (Tensor Mu, Tensor LogVar)>
{
    public VaeEncoder(int inputSize, int hiddenSize, int latentSize) : base(nameof(VaeEncoder))
    {
        Hidden = nn.Sequential(("fc", nn.Linear(inputSize, hiddenSize)), ("relu", nn.ReLU()));
        Mu = nn.Linear(hiddenSize, latentSize);
        LogVar = nn.Linear(hiddenSize, latentSize);
        RegisterComponents();
    }

    /// <summary>The shared trunk: Linear + ReLU.</summary>
    public Sequential Hidden { get; }

    /// <summary>Head producing the posterior mean.</summary>
    public Linear Mu { get; }

    /// <summary>Head producing the posterior log-variance.</summary>
    public Linear LogVar { get; }

    public override (Tensor Mu, Tensor LogVar) forward(Tensor input)
    {
        using var hidden = Hidden.call(input);
        return (Mu.call(hidden), LogVar.call(hidden));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Hidden.Dispose();
            Mu.Dispose();
            LogVar.Dispose();
        }
        base.Dispose(disposing);
    }
}
