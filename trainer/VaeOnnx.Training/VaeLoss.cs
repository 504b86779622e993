using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training;

/// <summary>
/// The seed's loss, BCE(sum) + KLD, with the KL term weighted by β for the training objective (β-VAE; β = 1 is the
/// plain VAE). The decoder trains on logits, so the reconstruction term is BCE-with-logits — the same value as BCE on
/// sigmoid outputs, without its overflow. Each term's value and gradients come from one pass over the batch
/// (<see cref="Reconstruction"/>, <see cref="Divergence"/>) instead of an autograd graph of a dozen nodes;
/// <see cref="Backward"/> starts back-propagation from those gradients.
/// </summary>
internal static class VaeLoss
{
    /// <summary>Σ BCE-with-logits of the batch and its gradient with respect to <paramref name="logits"/>.</summary>
    public static (double Bce, Tensor Gradient) Reconstruction(Tensor logits, Tensor target)
    {
        // ∂BCE/∂l = σ(l) − t, formed as libtorch's BCE-with-logits backward forms it (its sigmoid, one subtraction, times
        // the incoming 1): the parameters come out bit for bit as when autograd differentiated the loss itself.
        using var detached = logits.detach();
        var gradient = detached.sigmoid();
        if (TensorMemory.IsHostFloats(logits) && TensorMemory.IsHostFloats(target))
        {
            return (BceWithLogits.SumAndGradient(TensorMemory.Floats(logits), TensorMemory.Floats(target), TensorMemory.Floats(gradient)), gradient);
        }
        using var bce = F.binary_cross_entropy_with_logits(detached, target, reduction: nn.Reduction.Sum);
        return (bce.item<float>(), gradient.sub_(target));
    }

    /// <summary>
    /// KLD = −½ Σ (1 + logσ² − μ² − σ²) over the batch, and the gradients of β·KLD with respect to μ and logσ².
    /// </summary>
    public static (double Kld, Tensor MuGradient, Tensor LogVarGradient) Divergence(Tensor mu, Tensor logVar, double beta)
    {
        // The gradients round as autograd formed them through that expression: β·μ from the square, and for logσ² the
        // direct term −β/2 plus the exp's (β/2)·σ², with libtorch's exp; so the parameters stay bit for bit the same.
        float weight = (float)beta, half = weight * 0.5f;
        using var muValues = mu.detach();
        using var logVarValues = logVar.detach();
        using var sigmaSquared = logVarValues.exp();
        if (TensorMemory.IsHostFloats(mu) && TensorMemory.IsHostFloats(logVar))
        {
            var muGradient = empty_like(muValues);
            var logVarGradient = empty_like(logVarValues);
            ReadOnlySpan<float> m = TensorMemory.Floats(muValues), v = TensorMemory.Floats(logVarValues), s = TensorMemory.Floats(sigmaSquared);
            Span<float> dm = TensorMemory.Floats(muGradient), dv = TensorMemory.Floats(logVarGradient);
            double sum = 0;
            for (int i = 0; i < m.Length; i++)
            {
                sum += 1 + (double)v[i] - ((double)m[i] * m[i]) - s[i];
                dm[i] = weight * m[i];
                dv[i] = -half + (half * s[i]);
            }
            return (-0.5 * sum, muGradient, logVarGradient);
        }
        using var muSquared = muValues.square();
        using var kld = logVarValues.sub(muSquared).sub_(sigmaSquared).add_(1).sum().mul_(-0.5);
        return (kld.item<float>(), muValues.mul(weight), sigmaSquared.mul(half).sub_(half));
    }

    /// <summary>
    /// Back-propagates BCE + β·KLD from the gradients <see cref="Reconstruction"/> and <see cref="Divergence"/> gave for
    /// the decoder's logits and the encoder's μ and logσ², in one pass of autograd.
    /// </summary>
    public static void Backward(Tensor logits, Tensor logitGradient, Tensor mu, Tensor muGradient, Tensor logVar, Tensor logVarGradient) =>
        autograd.backward([logits, mu, logVar], [logitGradient, muGradient, logVarGradient]);
}
