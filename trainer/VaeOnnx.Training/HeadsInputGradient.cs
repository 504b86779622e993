using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// The gradient that the μ and log σ² heads of the fully connected model send back to the hidden activation they
/// both read: g_μ·W_μ + g_v·W_v, zero where the activation is not above 0 (ReLU's backward). The inner side of both
/// products is the latent size, and MKL forms each element of such a product as one fused multiply-add chain in
/// index order from the first product (with its AVX-512 kernels and with its generic path alike), which
/// <c>HeadsInputGradientTests</c> checks bit for bit against libtorch over the shapes <see cref="Covers"/> admits. So
/// this one pass gives autograd's bits, where the two MKL products and the addition took 0.17–0.21 ms at one thread
/// for a 128-image batch, timed alone (MKL is slow at inner sides this short), against 0.015 ms here. The
/// heads' other products (forward, weight gradients) have the latent size as an output side; MKL sums their long side
/// in an order of its own, so they stay in MKL.
/// </summary>
internal static class HeadsInputGradient
{
    /// <summary>The longest latent size verified.</summary>
    public const int MaxLatent = 64;

    /// <summary>The smallest batch verified: MKL takes another kernel for a single row.</summary>
    public const int MinBatch = 2;

    /// <summary>Whether <see cref="Compute"/> applies to <paramref name="batch"/> rows of a <paramref name="latent"/>-dimensional model.</summary>
    public static bool Covers(long batch, long latent) => batch >= MinBatch && latent <= MaxLatent;

    /// <summary>
    /// ∂L/∂a for the activation a = relu(·) [batch, n], from the heads' output gradients g1, g2 [batch, k] and weights
    /// W1, W2 [k, n]: g1·W1 + g2·W2 (mm_mat1_backward of each, added by autograd), zero where a ≤ 0.
    /// </summary>
    public static unsafe Tensor Compute(Tensor activation, Tensor g1, Tensor w1, Tensor g2, Tensor w2)
    {
        int batch = (int)activation.shape[0], n = (int)activation.shape[1], k = (int)g1.shape[1];
        var result = empty([batch, n], ScalarType.Float32);
        float* a = TensorMemory.Address(activation), first = TensorMemory.Address(g1), second = TensorMemory.Address(g2);
        float* firstWeight = TensorMemory.Address(w1), secondWeight = TensorMemory.Address(w2), gradient = TensorMemory.Address(result);
        for (int i = 0; i < batch; i++)
        {
            float* g = first + (i * k), h = second + (i * k), output = gradient + (i * n), active = a + (i * n);
            int j = 0;
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var p = Vector256.Create(g[0]) * Vector256.Load(firstWeight + j);
                var r = Vector256.Create(h[0]) * Vector256.Load(secondWeight + j);
                for (int q = 1; q < k; q++)
                {
                    p = Vector256.FusedMultiplyAdd(Vector256.Create(g[q]), Vector256.Load(firstWeight + (q * n) + j), p);
                    r = Vector256.FusedMultiplyAdd(Vector256.Create(h[q]), Vector256.Load(secondWeight + (q * n) + j), r);
                }
                var below = Vector256.LessThanOrEqual(Vector256.Load(active + j), Vector256<float>.Zero);
                Vector256.ConditionalSelect(below, Vector256<float>.Zero, p + r).Store(output + j);
            }
            for (; j < n; j++)
            {
                float p = g[0] * firstWeight[j], r = h[0] * secondWeight[j];
                for (int q = 1; q < k; q++)
                {
                    p = MathF.FusedMultiplyAdd(g[q], firstWeight[(q * n) + j], p);
                    r = MathF.FusedMultiplyAdd(h[q], secondWeight[(q * n) + j], r);
                }
                output[j] = active[j] <= 0 ? 0 : p + r;
            }
        }
        return result;
    }
}
