using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The loss without an autograd graph for its terms: the values match BCE-with-logits computed in double and the KL
/// term libtorch computes, and back-propagation from their gradients gives the parameters' gradients bit for bit as
/// autograd through libtorch's own BCE-with-logits and the KL expression did.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class VaeLossTests
{
    public static TheoryData<string, double> Members => new() { { "mlp", 1 }, { "mlp", 4 }, { "conv", 1 }, { "cvae-mlp", 0.5 } };

    [Fact]
    public void Reconstruction_LogitsOfEveryScale_ValueAsDoublePrecisionAndGradientAsLibtorchs()
    {
        // 37×29 values: the SIMD blocks and the scalar tail both run; logits from −60 to 60, targets with exact 0 and 1.
        using var generator = new Generator(3);
        using var logits = (randn([37, 29], generator: generator) * 12).clamp(-60, 60).requires_grad_(true);
        using var target = rand([37, 29], generator: generator);
        using (no_grad())
        {
            target[0] = zeros(29);
            target[1] = ones(29);
            logits[2] = zeros(29);
        }
        using var libtorch = F.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.Sum);
        libtorch.backward();

        var (bce, gradient) = VaeLoss.Reconstruction(logits, target);

        float[] l = logits.detach().data<float>().ToArray(), t = target.data<float>().ToArray();
        double exact = l.Zip(t).Sum(e => Math.Max(e.First, 0) - ((double)e.First * e.Second) + double.LogP1(Math.Exp(-Math.Abs((double)e.First))));
        Assert.Equal(exact, bce, exact * 1e-6);
        Assert.Equal(libtorch.item<float>(), bce, exact * 1e-5);
        Assert.Equal(logits.grad!.data<float>().ToArray(), gradient.data<float>().ToArray());
        gradient.Dispose();
    }

    [Fact]
    public void SumAndGradient_OneOrTwoThreads_SameSumAndGradientToTheLastBit()
    {
        // A training batch plus a tail: the blocks split between two threads must add up as one thread adds them. The
        // sigmoid is computed once (libtorch's own rounds a few elements differently when its split moves).
        using var generator = new Generator(4);
        using var logitTensor = randn([129, 784], generator: generator) * 6;
        using var targetTensor = rand([129, 784], generator: generator);
        using var sigmoid = logitTensor.sigmoid();
        float[] logits = logitTensor.data<float>().ToArray(), targets = targetTensor.data<float>().ToArray();
        float[] one = sigmoid.data<float>().ToArray(), two = [.. one];
        double oneSum = OpenMpTeamTests.WithThreads(1, () => BceWithLogits.SumAndGradient(logits, targets, one));
        double twoSum = OpenMpTeamTests.WithThreads(2, () => BceWithLogits.SumAndGradient(logits, targets, two));

        Assert.Equal(BitConverter.DoubleToInt64Bits(oneSum), BitConverter.DoubleToInt64Bits(twoSum));
        Assert.Equal(one, two);
    }

    [Fact]
    public void ReconstructionAndDivergence_NonContiguousInputs_LibtorchPathGivesTheSameValuesAndGradients()
    {
        // Tensors the one-pass loops cannot read in place (on a GPU, or here transposed views) take libtorch's kernels.
        // Those run strided here, where libtorch's scalar exp and sigmoid round apart from its vector ones: the
        // gradients agree to float precision, not bit for bit.
        using var generator = new Generator(4);
        using var logits = randn([29, 37], generator: generator) * 6;
        using var target = rand([29, 37], generator: generator);
        using var mu = randn([2, 64], generator: generator);
        using var logVar = randn([2, 64], generator: generator);
        using Tensor logitsT = logits.t(), targetT = target.t(), muT = mu.t(), logVarT = logVar.t();
        using Tensor logitsC = logitsT.contiguous(), targetC = targetT.contiguous(), muC = muT.contiguous(), logVarC = logVarT.contiguous();
        Assert.False(logitsT.is_contiguous());

        var (bceLibtorch, logitGradientLibtorch) = VaeLoss.Reconstruction(logitsT, targetT);
        var (bceOnePass, logitGradientOnePass) = VaeLoss.Reconstruction(logitsC, targetC);
        var (kldLibtorch, muGradientLibtorch, logVarGradientLibtorch) = VaeLoss.Divergence(muT, logVarT, beta: 3);
        var (kldOnePass, muGradientOnePass, logVarGradientOnePass) = VaeLoss.Divergence(muC, logVarC, beta: 3);

        Assert.Equal(bceOnePass, bceLibtorch, bceOnePass * 1e-5);
        Assert.Equal(kldOnePass, kldLibtorch, Math.Abs(kldOnePass) * 1e-5);
        foreach (var (onePass, libtorch) in new[] { (logitGradientOnePass, logitGradientLibtorch), (muGradientOnePass, muGradientLibtorch), (logVarGradientOnePass, logVarGradientLibtorch) })
        {
            Assert.Equal(onePass.shape, libtorch.shape);
            Assert.True(onePass.allclose(libtorch, rtol: 1e-6, atol: 1e-7), "gradients of the two paths differ");
        }
        foreach (var tensor in new[] { logitGradientLibtorch, logitGradientOnePass, muGradientLibtorch, muGradientOnePass, logVarGradientLibtorch, logVarGradientOnePass })
        {
            tensor.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Backward_FromTheGradient_ParameterGradientsBitForBitAsAutogradThroughTheLoss(string member, double beta)
    {
        manual_seed(21);
        var signature = ModelFamilyTests.Signature(member);
        using var model = new Vae(signature);
        using var data = TensorDataset.From(SmallMnist.Train.Take(32), CPU, withLabels: signature.IsConditional);

        var throughAutograd = Gradients(model, data, (logits, x, mu, logVar) =>
        {
            // The loss as the trainer wrote it before: one expression, differentiated by autograd.
            var bce = F.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum);
            var kld = logVar.sub(mu.square()).sub_(logVar.exp()).add_(1).sum().mul_(-0.5);
            var objective = beta == 1 ? bce.add(kld) : bce.add(kld, alpha: beta);
            objective.backward();
            return (bce.item<float>(), kld.item<float>());
        });
        var fromGradient = Gradients(model, data, (logits, x, mu, logVar) =>
        {
            var (bce, logitGradient) = VaeLoss.Reconstruction(logits, x);
            var (kld, muGradient, logVarGradient) = VaeLoss.Divergence(mu, logVar, beta);
            VaeLoss.Backward(logits, logitGradient, mu, muGradient, logVar, logVarGradient);
            return (bce, kld);
        });

        Assert.Equal(throughAutograd.Bce, fromGradient.Bce, throughAutograd.Bce * 1e-6);
        Assert.Equal(throughAutograd.Kld, fromGradient.Kld, throughAutograd.Kld * 1e-5);
        Assert.Equal(throughAutograd.Gradients.Length, fromGradient.Gradients.Length);
        for (int i = 0; i < throughAutograd.Gradients.Length; i++)
        {
            Assert.Equal(throughAutograd.Gradients[i], fromGradient.Gradients[i]);
        }
    }

    /// <summary>Runs <paramref name="backward"/> on a fresh forward pass; returns its (BCE, KLD) and every parameter's gradient.</summary>
    private static (double Bce, double Kld, float[][] Gradients) Gradients(Vae model, TensorDataset data,
        Func<Tensor, Tensor, Tensor, Tensor, (double Bce, double Kld)> backward) =>
        MlpBackpropTests.Gradients(model, () =>
        {
            using var noise = randn([32, model.LatentSize], generator: new Generator(8));
            var (logits, mu, logVar) = model.Forward(data.Images, noise, data.Labels);
            return backward(logits, data.Images, mu, logVar);
        });
}
