using VaeOnnx.Contract;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The <c>--precision bf16</c> opt-in: the matrix products really run in bfloat16 (results move, a little), runs stay
/// reproducible, and float32 training is untouched by the scope machinery.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class Bf16PrecisionTests
{
    public static TheoryData<string> Members => ["mlp", "conv", "cvae-mlp"];

    private static (Tensor Logits, Tensor Mu, Tensor LogVar) Forward(Vae model, TensorDataset data, bool bf16)
    {
        using var noise = randn([16, model.LatentSize], generator: new Generator(5));
        using var labels = data.Labels?.narrow(0, 0, 16);
        using var scope = Bf16Autocast.Enter(bf16);
        return model.Forward(data.Images.narrow(0, 0, 16), noise, labels);
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Forward_Bf16Scope_Float32OutputsCloseToButNotEqualFloat32(string member)
    {
        manual_seed(11);
        var signature = ModelFamilyTests.Signature(member);
        using var model = new Vae(signature);
        using var data = TensorDataset.From(SmallMnist.Train.Take(16), CPU, withLabels: signature.IsConditional);

        var exact = Forward(model, data, bf16: false);
        var low = Forward(model, data, bf16: true);

        foreach (var (a, b) in new[] { (exact.Logits, low.Logits), (exact.Mu, low.Mu), (exact.LogVar, low.LogVar) })
        {
            Assert.Equal(ScalarType.Float32, b.dtype);
            Assert.Equal(a.shape, b.shape);
            double scale = a.abs().max().item<float>();
            double diff = (a - b).abs().max().item<float>();
            // bfloat16 keeps 8 mantissa bits (relative step 2^-8 ≈ 0.4 %); products of a few hundred terms stay near that.
            Assert.InRange(diff, 1e-6 * scale, 0.05 * scale + 1e-3);
        }
    }

    [Fact]
    public void Forward_OutsideAnyScope_BitForBitTheModulesThemselves()
    {
        manual_seed(11);
        using var model = new Vae(ModelFamilyTests.Signature("mlp"));
        using var data = TensorDataset.From(SmallMnist.Train.Take(16), CPU, withLabels: false);
        using (Bf16Autocast.Enter(true))
        {
        }
        var (logits, _, _) = Forward(model, data, bf16: false);

        using var h = model.Encoder.Hidden.call(data.Images.narrow(0, 0, 16));
        using var mu = model.Encoder.Mu.call(h);
        using var logVar = model.Encoder.LogVar.call(h);
        using var noise = randn([16, model.LatentSize], generator: new Generator(5));
        using var z = noise.mul(logVar.mul(0.5).exp_()).add_(mu);
        using var expected = model.Decoder.Logits.call(z);

        Assert.Equal(expected.data<float>().ToArray(), logits.data<float>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Train_Bf16SameSeedTwice_IdenticalAndNearFloat32(string member)
    {
        var signature = ModelFamilyTests.Signature(member);
        var train = SmallMnist.Train.Take(384);
        var test = SmallMnist.Test.Take(128);
        IReadOnlyList<EpochRecord> Run(TrainingPrecision precision)
        {
            using var dir = new TempDirectory();
            var settings = new TrainingSettings { Epochs = 2, BatchSize = 64, Seed = 3, Precision = precision };
            using var trainer = new VaeTrainer(signature, settings, CPU, train, test);
            trainer.Run(new RecordingObserver(), Path.Combine(dir.Path, ArtifactNames.Checkpoint), CancellationToken.None);
            return trainer.History;
        }

        var first = Run(TrainingPrecision.Bf16);
        var second = Run(TrainingPrecision.Bf16);
        var float32 = Run(TrainingPrecision.Float32);

        Assert.Equal(first.Select(e => (e.Train, e.Test)), second.Select(e => (e.Train, e.Test)));
        Assert.NotEqual(float32.Select(e => e.Train), first.Select(e => e.Train));
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(float32[i].Train.Loss, first[i].Train.Loss, float32[i].Train.Loss * 0.01);
            Assert.Equal(float32[i].Test.Loss, first[i].Test.Loss, float32[i].Test.Loss * 0.01);
        }
    }

    [Fact]
    public void Checkpoint_Bf16Run_RecordsThePrecision()
    {
        using var dir = new TempDirectory();
        var settings = new TrainingSettings { Epochs = 1, BatchSize = 64, Seed = 3, Precision = TrainingPrecision.Bf16 };
        using (var trainer = new VaeTrainer(ModelFamilyTests.Signature("mlp"), settings, CPU, SmallMnist.Train.Take(128), SmallMnist.Test.Take(64)))
        {
            trainer.Run(new RecordingObserver(), Path.Combine(dir.Path, ArtifactNames.Checkpoint), CancellationToken.None);
        }

        Assert.Equal(TrainingPrecision.Bf16, Checkpoint.ReadHeader(Path.Combine(dir.Path, ArtifactNames.Checkpoint)).Training.Precision);
    }
}
