using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The loss without an autograd graph for its reconstruction term: the value matches BCE-with-logits computed in
/// double, and back-propagation from its gradient gives the parameters' gradients bit for bit as autograd through
/// libtorch's own BCE-with-logits did.
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

    [Theory]
    [MemberData(nameof(Members))]
    public void Backward_FromTheGradient_ParameterGradientsBitForBitAsAutogradThroughTheLoss(string member, double beta)
    {
        manual_seed(21);
        var signature = ModelFamilyTests.Signature(member);
        using var model = new Vae(signature);
        using var data = TensorDataset.From(SmallMnist.Train.Take(32), CPU, withLabels: signature.IsConditional);

        var throughAutograd = Gradients(model, data, (logits, x, kld) =>
        {
            using var bce = F.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.Sum);
            using var objective = beta == 1 ? bce.add(kld) : bce.add(kld, alpha: beta);
            objective.backward();
        });
        var fromGradient = Gradients(model, data, (logits, x, kld) =>
        {
            var (_, gradient) = VaeLoss.Reconstruction(logits, x);
            using (gradient)
            {
                VaeLoss.Backward(logits, gradient, kld, beta);
            }
        });

        Assert.Equal(throughAutograd.Length, fromGradient.Length);
        for (int i = 0; i < throughAutograd.Length; i++)
        {
            Assert.Equal(throughAutograd[i], fromGradient[i]);
        }
    }

    private static float[][] Gradients(Vae model, TensorDataset data, Action<Tensor, Tensor, Tensor> backward)
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in model.parameters())
        {
            parameter.grad = null;
        }
        using var noise = randn([32, model.LatentSize], generator: new Generator(8));
        var (logits, mu, logVar) = model.Forward(data.Images, noise, data.Labels);
        backward(logits, data.Images, VaeLoss.Kld(mu, logVar));
        return [.. model.parameters().Select(p => p.grad!.data<float>().ToArray())];
    }
}
