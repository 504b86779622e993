using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>Every member of the family trains deterministically and resumes exactly, weights included.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModelFamilyTests
{
    public static TheoryData<string> Members => ["mlp", "conv", "cvae-mlp", "cvae-conv"];

    /// <summary>A small member of the family by name (mlp, conv, cvae-mlp, cvae-conv).</summary>
    internal static VaeSignature Signature(string member) => member switch
    {
        "mlp" => VaeSignature.Mlp(32, 2),
        "conv" => VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(32) },
        "cvae-mlp" => VaeSignature.Mlp(32, 2) with { Conditioning = Conditioning.ClassLabel(MnistDataset.Classes) },
        _ => new VaeSignature { Architecture = ArchitectureSpec.Conv(32), Image = ImageShape.Mnist, LatentDim = 3, Conditioning = Conditioning.ClassLabel(MnistDataset.Classes) },
    };

    private static readonly LabeledImages Train = SmallMnist.Train.Take(384);
    private static readonly LabeledImages Test = SmallMnist.Test.Take(128);

    private static (IReadOnlyList<EpochRecord> History, float[][] Weights) Run(VaeSignature signature, string dir, int epochs,
        RecordingObserver? observer = null, CancellationToken stop = default, string? resumeFrom = null, double beta = 1)
    {
        using var trainer = new VaeTrainer(signature, new TrainingSettings { Epochs = epochs, BatchSize = 64, Seed = 3, Beta = beta }, CPU, Train, Test, resumeFrom);
        trainer.Run(observer ?? new RecordingObserver(), Path.Combine(dir, ArtifactNames.Checkpoint), stop);
        return (trainer.History, [.. trainer.Model.parameters().Select(p => p.detach().cpu().data<float>().ToArray())]);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Train_SameSeedTwice_IdenticalLossesAndWeights(string member)
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = Run(Signature(member), a.Path, epochs: 1);
        var second = Run(Signature(member), b.Path, epochs: 1);

        Assert.InRange(first.History[0].Train.Loss, 100, 560);
        Assert.Equal(first.History.Select(e => (e.Train, e.Test)), second.History.Select(e => (e.Train, e.Test)));
        Assert.Equal(first.Weights, second.Weights);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Train_InterruptedMidEpochThenResumed_SameLossesAndWeightsAsUninterrupted(string member)
    {
        using var straight = new TempDirectory();
        using var interrupted = new TempDirectory();
        var expected = Run(Signature(member), straight.Path, epochs: 2);

        using var stopper = new CancellationTokenSource();
        Run(Signature(member), interrupted.Path, epochs: 2, new RecordingObserver(stopper, stopEpoch: 2, stopStep: 3), stopper.Token);
        string checkpoint = Path.Combine(interrupted.Path, ArtifactNames.Checkpoint);
        Assert.Equal((1, 3), (Checkpoint.ReadHeader(checkpoint).State.EpochsCompleted, Checkpoint.ReadHeader(checkpoint).State.NextStep));
        var resumed = Run(Signature(member), interrupted.Path, epochs: 2, resumeFrom: checkpoint);

        Assert.Equal(expected.History.Select(e => (e.Train, e.Test)), resumed.History.Select(e => (e.Train, e.Test)));
        Assert.Equal(expected.Weights, resumed.Weights);
    }

    [Fact]
    public void Resume_CheckpointOfAnotherArchitecture_RefusedInOneLine()
    {
        using var dir = new TempDirectory();
        Run(Signature("mlp"), dir.Path, epochs: 1);
        string checkpoint = Path.Combine(dir.Path, ArtifactNames.Checkpoint);

        var error = Assert.Throws<CheckpointException>(() => Run(Signature("conv"), dir.Path, epochs: 2, resumeFrom: checkpoint));

        Assert.Equal($"{checkpoint}: holds a mlp-32, 1x28x28 → z 2 model, not the conv-32, 1x28x28 → z 2 asked for", error.Message);
    }

    [Fact]
    public void Train_Beta_WeighsTheKlTermButReportsBceplusKl()
    {
        using var plain = new TempDirectory();
        using var beta = new TempDirectory();
        var one = Run(Signature("mlp"), plain.Path, epochs: 1).History[0];
        var four = Run(Signature("mlp"), beta.Path, epochs: 1, beta: 4).History[0];

        Assert.Equal(four.Train.Bce + four.Train.Kld, four.Train.Loss, 3);
        Assert.Equal(four.Test.Bce + four.Test.Kld, four.Test.Loss, 3);
        // A heavier KL term pushes the posterior towards the prior.
        Assert.True(four.Train.Kld < one.Train.Kld, $"KL with β=4 {four.Train.Kld} not below β=1 {one.Train.Kld}");
    }

    [Fact]
    public void Vae_ConvOnImagesNotDivisibleByFour_RefusedWithReason()
    {
        var signature = VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(8), Image = new ImageShape(1, 30, 30) };

        var error = Assert.Throws<ArgumentException>(() => new Vae(signature));

        Assert.Contains("1x30x30 needs sides divisible by 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vae_UnknownArchitecture_RefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new Vae(VaeSignature.Default with { Architecture = new ArchitectureSpec("transformer", 8) }));

        Assert.Contains("'transformer' (known: mlp, conv)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vae_ConditionalWithoutLabels_Refused()
    {
        TorchSharp.torch.manual_seed(1);
        using var model = new Vae(Signature("cvae-mlp"));
        using var x = zeros(2, 784);
        using var noise = zeros(2, 2);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(x, noise));

        Assert.Contains("labels are required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vae_ConvMultiplyAdds_CountConvolutionsAndLinearLayers()
    {
        TorchSharp.torch.manual_seed(1);
        using var model = new Vae(VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(400) });
        // conv1 14·14·32·1·16, conv2 7·7·64·32·16, fc 3136·400, heads 2·400·2, fc 2·400, fc2 400·3136,
        // deconv1 7·7·64·32·16, deconv2 14·14·32·1·16.
        long expected = (14 * 14 * 32 * 16) + (7 * 7 * 64 * 32 * 16) + (3136 * 400) + (2 * 400 * 2) + (2 * 400) + (400 * 3136)
            + (7 * 7 * 64 * 32 * 16) + (14 * 14 * 32 * 16);
        Assert.Equal(expected, model.ForwardMultiplyAdds());
    }
}
