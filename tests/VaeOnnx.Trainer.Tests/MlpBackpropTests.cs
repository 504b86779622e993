using VaeOnnx.Contract;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The fully connected model's hand-formed gradients are autograd's to the last bit (so training is unchanged), and
/// only that model in float32 takes them.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class MlpBackpropTests
{
    public static TheoryData<string, int, int, double> Members => new()
    {
        { "mlp", 400, 2, 1 }, { "mlp", 400, 2, 4 }, { "mlp", 64, 8, 1 }, { "cvae-mlp", 400, 2, 0.5 }, { "cvae-mlp", 32, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Run_FullyConnectedMembers_LossesAndGradientsBitForBitAsAutograd(string member, int hidden, int latent, double beta)
    {
        manual_seed(5);
        var signature = VaeSignature.Mlp(hidden, latent) with { Conditioning = ModelFamilyTests.Signature(member).Conditioning };
        using var model = new Vae(signature);
        using var data = TensorDataset.From(SmallMnist.Train.Take(128), CPU, withLabels: signature.IsConditional);
        using var noise = randn([128, latent], generator: new Generator(8));

        var throughAutograd = Gradients(model, () =>
        {
            var (logits, mu, logVar) = model.Forward(data.Images, noise, data.Labels);
            var (bce, logitGradient) = VaeLoss.Reconstruction(logits, data.Images);
            var (kld, muGradient, logVarGradient) = VaeLoss.Divergence(mu, logVar, beta);
            VaeLoss.Backward(logits, logitGradient, mu, muGradient, logVar, logVarGradient);
            return (bce, kld);
        });
        var byHand = Gradients(model, () => MlpBackprop.For(model, TrainingPrecision.Float32)!.Run(data.Images, data.Labels, noise, beta, null));

        Assert.Equal(throughAutograd.Bce, byHand.Bce);
        Assert.Equal(throughAutograd.Kld, byHand.Kld);
        Assert.Equal(throughAutograd.Gradients.Length, byHand.Gradients.Length);
        for (int i = 0; i < throughAutograd.Gradients.Length; i++)
        {
            Assert.Equal(throughAutograd.Gradients[i], byHand.Gradients[i]);
        }
    }

    [Fact]
    public void For_ConvOrBf16_Null()
    {
        using var conv = new Vae(VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(32) });
        using var mlp = new Vae(VaeSignature.Mlp(32, 2));

        Assert.Null(MlpBackprop.For(conv, TrainingPrecision.Float32));
        Assert.Null(MlpBackprop.For(mlp, TrainingPrecision.Bf16));
        Assert.NotNull(MlpBackprop.For(mlp, TrainingPrecision.Float32));
    }

    /// <summary>Runs <paramref name="pass"/> from released gradients; returns its (BCE, KLD) and every parameter's gradient.</summary>
    internal static (double Bce, double Kld, float[][] Gradients) Gradients(Vae model, Func<(double Bce, double Kld)> pass)
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in model.parameters())
        {
            parameter.grad = null;
        }
        var (bce, kld) = pass();
        return (bce, kld, [.. model.parameters().Select(p => p.grad!.data<float>().ToArray())]);
    }
}
