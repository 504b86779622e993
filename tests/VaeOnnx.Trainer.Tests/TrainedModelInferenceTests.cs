using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The whole hand-off: a model trained by the trainer, exported, then run through the inference library's
/// <see cref="VaeModel"/> gives the trainer's own TorchSharp outputs.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TrainedModelInferenceTests
{
    [Fact]
    public void VaeModel_OnFreshlyTrainedModel_MatchesTorchSharpEncoderAndDecoder()
    {
        using var dir = new TempDirectory();
        var signature = VaeSignature.Mlp(32, 3);
        var settings = new TrainingSettings { Epochs = 1, Seed = 5 };
        using (var trainer = new VaeTrainer(signature, settings, CPU, SmallMnist.Train, SmallMnist.Test))
        {
            trainer.Run(new RecordingObserver(), Path.Combine(dir.Path, ArtifactNames.Checkpoint), CancellationToken.None);
            VaeOnnxExport.Export(trainer.Model, dir.Path, ModelExport.Info(
                new DatasetRecord("mnist", "mnist", "test", SmallMnist.Train.Count, SmallMnist.Test.Count), settings, trainer.History, null),
                trainer.TestData, settings.Seed);
        }
        using var torchModel = new Vae(signature);
        Checkpoint.Load(Path.Combine(dir.Path, ArtifactNames.Checkpoint), torchModel, optimizer: null);
        torchModel.eval();
        var images = SmallMnist.Test.Take(50);
        using var model = VaeModel.Load(dir.Path, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });

        var latents = model.Encode(images.Pixels);                 // bytes, scaled x/255 by the library
        var decoded = model.Decode(latents.Mu);

        using var _ = no_grad();
        using var x = tensor(images.ToScaledFloats(), [images.Count, images.PixelsPerImage]);
        var (mu, logVar) = torchModel.Encoder.call(x, null);
        using var probabilities = torchModel.Decoder.call(mu, null).sigmoid();
        Assert.Equal(3, model.LatentDim);
        AssertClose(mu.data<float>().ToArray(), latents.Mu);
        AssertClose(logVar.data<float>().ToArray(), latents.LogVar);
        AssertClose(probabilities.data<float>().ToArray(), decoded);
        mu.Dispose();
        logVar.Dispose();
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"max |diff| {worst}");
    }
}
