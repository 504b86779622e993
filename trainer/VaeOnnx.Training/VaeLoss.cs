using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training;

/// <summary>
/// The seed's loss, BCE(sum) + KLD, with the KL term weighted by β for the training objective (β-VAE; β = 1 is the
/// plain VAE). The decoder trains on logits, so the reconstruction term is the fused, numerically stable
/// BCE-with-logits — the same value as BCE on sigmoid outputs.
/// </summary>
internal static class VaeLoss
{
    /// <summary>Returns (objective BCE + β·KLD, bce, kld), each summed over the batch.</summary>
    public static (Tensor Objective, Tensor Bce, Tensor Kld) Compute(Tensor logits, Tensor target, Tensor mu, Tensor logVar, double beta)
    {
        var bce = F.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.Sum);
        // KLD = -1/2 Σ (1 + logσ² − μ² − σ²)
        using var sigmaSquared = logVar.exp();
        using var muSquared = mu.square();
        var kld = logVar.sub(muSquared).sub_(sigmaSquared).add_(1).sum().mul_(-0.5);
        // β = 1 adds the terms directly, so the plain VAE's numbers stay bit for bit what they were.
        var objective = beta == 1 ? bce.add(kld) : bce.add(kld, alpha: beta);
        return (objective, bce, kld);
    }
}
