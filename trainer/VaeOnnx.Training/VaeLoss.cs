using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training;

/// <summary>
/// The seed's loss, BCE(sum) + KLD, with the KL term weighted by β for the training objective (β-VAE; β = 1 is the
/// plain VAE). The decoder trains on logits, so the reconstruction term is BCE-with-logits — the same value as BCE on
/// sigmoid outputs, without its overflow. Its value and gradient come from one pass (<see cref="Reconstruction"/>)
/// instead of an autograd graph; <see cref="Backward"/> starts back-propagation from that gradient and the KL term.
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
        if (logits.device_type == DeviceType.CPU && logits.dtype == ScalarType.Float32 && target.dtype == ScalarType.Float32
            && logits.is_contiguous() && target.is_contiguous())
        {
            return (BceWithLogits.SumAndGradient(Floats(logits), Floats(target), MemoryMarshal.Cast<byte, float>(gradient.bytes)), gradient);
        }
        using var bce = F.binary_cross_entropy_with_logits(detached, target, reduction: nn.Reduction.Sum);
        return (bce.item<float>(), gradient.sub_(target));
    }

    /// <summary>KLD = −½ Σ (1 + logσ² − μ² − σ²) over the batch, recorded for back-propagation.</summary>
    public static Tensor Kld(Tensor mu, Tensor logVar)
    {
        using var sigmaSquared = logVar.exp();
        using var muSquared = mu.square();
        return logVar.sub(muSquared).sub_(sigmaSquared).add_(1).sum().mul_(-0.5);
    }

    /// <summary>
    /// Back-propagates BCE + β·KLD from the decoder's <paramref name="logits"/>, whose gradient
    /// <see cref="Reconstruction"/> gave, and <paramref name="kld"/>.
    /// </summary>
    public static void Backward(Tensor logits, Tensor gradient, Tensor kld, double beta)
    {
        // The KL term's incoming gradient is β as float32: the value the sum BCE + β·KLD passed down.
        using var weight = full_like(kld, beta);
        autograd.backward([logits, kld], [gradient, weight]);
    }

    // A contiguous CPU tensor's elements in place: its memory is native and does not move while the tensor lives.
    private static ReadOnlySpan<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);
}
