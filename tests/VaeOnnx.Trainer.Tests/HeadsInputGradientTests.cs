using VaeOnnx.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The heads' input gradient is libtorch's (MKL's) to the last bit over the shapes <see cref="HeadsInputGradient.Covers"/>
/// admits, at one and at two threads: this is what lets the hand-formed gradients skip MKL for it and stay
/// autograd's. Run on another CPU, a failure here says MKL's kernels there sum in another order.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class HeadsInputGradientTests
{
    // MKL's kernels as the trainer has them: chosen by CPU features (see NativeSetup).
    public HeadsInputGradientTests() => NativeSetup.Configure(1);

    [Theory]
    // batch, latent, hidden, threads; 403 hidden units leave a tail after the vectors.
    [InlineData(2, 1, 400, 1)]
    [InlineData(3, 3, 400, 1)]
    [InlineData(128, 2, 400, 1)]
    [InlineData(96, 12, 403, 1)]
    [InlineData(4096, 64, 400, 1)]
    [InlineData(17, 5, 403, 2)]
    [InlineData(128, 2, 400, 2)]
    [InlineData(1000, 40, 400, 2)]
    public void Compute_CoveredShapes_BitForBitAsTwoProductsAddedThenReluBackward(int batch, int latent, int hidden, int threads)
    {
        using var scope = NewDisposeScope();
        manual_seed(batch * latent);
        var activation = randn(batch, hidden).relu_();
        var (g1, g2) = (randn(batch, latent), randn(batch, latent));
        var (w1, w2) = (randn(latent, hidden) * 0.05f, randn(latent, hidden) * 0.05f);

        var (expected, computed) = OpenMpTeamTests.WithThreads(threads, () =>
            (Bits(g1.mm(w1).add_(g2.mm(w2)).masked_fill_(activation <= 0, 0)), Bits(HeadsInputGradient.Compute(activation, g1, w1, g2, w2))));

        Assert.Equal(expected, computed);
    }

    [Theory]
    [InlineData(1, 2, false)]
    [InlineData(2, 1, true)]
    [InlineData(4096, 64, true)]
    [InlineData(128, 65, false)]
    public void Covers_BatchAndLatent_OnlyTheVerifiedRange(long batch, long latent, bool covered) =>
        Assert.Equal(covered, HeadsInputGradient.Covers(batch, latent));

    private static int[] Bits(Tensor tensor) => [.. tensor.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits)];
}
