using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training;

/// <summary>
/// The negative ELBO of the seed: BCE(sum) + KLD. The decoder trains on logits, so the reconstruction term is
/// the fused, numerically stable BCE-with-logits — the same value as BCE on sigmoid outputs.
/// </summary>
internal static class VaeLoss
{
    /// <summary>Returns (total, bce, kld), each summed over the batch.</summary>
    public static (Tensor Total, Tensor Bce, Tensor Kld) Compute(Tensor logits, Tensor target, Tensor mu, Tensor logVar)
    {
        var bce = F.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.Sum);
        // KLD = -1/2 Σ (1 + logσ² − μ² − σ²)
        using var sigmaSquared = logVar.exp();
        using var muSquared = mu.square();
        var kld = logVar.sub(muSquared).sub_(sigmaSquared).add_(1).sum().mul_(-0.5);
        return (bce.add(kld), bce, kld);
    }
}
