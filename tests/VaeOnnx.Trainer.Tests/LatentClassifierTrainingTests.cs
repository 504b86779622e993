using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Inference;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// The latent classifier the trainer fits after the VAE: it learns, it is deterministic, and the classifier.onnx it
/// writes for a freshly trained VAE is what the inference library (and so <c>vae-evaluate --classifier mlp</c>) accepts.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LatentClassifierTrainingTests
{
    /// <summary>Ten tight Gaussian blobs in 2-D, one per class, on a circle of radius 5 (spread 0.3): linearly separable.</summary>
    private static (Tensor Mu, Tensor Labels) Blobs(int count, int seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var labels = randint(0, 10, [count], dtype: ScalarType.Int64, generator: generator);
        var angle = labels.to_type(ScalarType.Float32).mul(2 * Math.PI / 10);
        var centres = stack([angle.cos(), angle.sin()], 1).mul_(5);
        var mu = centres.add(randn([count, 2], generator: generator).mul_(0.3));
        return (mu.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    private static Tensor Targets(byte[] labels)
    {
        using var bytes = tensor(labels, ScalarType.Byte);
        return bytes.to_type(ScalarType.Int64);
    }

    [Fact]
    public void Fit_SeparableBlobs_NearlyPerfectOnBothSplits()
    {
        NativeSetup.Configure(1);
        var (trainMu, trainLabels) = Blobs(2000, 1);
        var (testMu, testLabels) = Blobs(500, 2);

        var (model, record) = LatentClassifierTraining.Fit(trainMu, trainLabels, testMu, testLabels, 10, seed: 3);

        using (model)
        {
            // Chance is 0.1; the blobs are 3 units apart at 0.3 spread, so anything that learned gets all but a few.
            Assert.InRange(record.TrainAccuracy, 0.97, 1.0);
            Assert.InRange(record.TestAccuracy, 0.97, 1.0);
            Assert.Equal(("64,64", LatentClassifierTraining.Epochs), (record.Hidden, record.Epochs));
            Assert.Null(record.Parity);
        }
        foreach (var t in new[] { trainMu, trainLabels, testMu, testLabels })
        {
            t.Dispose();
        }
    }

    [Fact]
    public void Fit_SameSeedTwice_IdenticalWeights()
    {
        NativeSetup.Configure(1);
        var (mu, labels) = Blobs(600, 4);

        var (first, firstRecord) = LatentClassifierTraining.Fit(mu, labels, mu, labels, 10, seed: 8);
        var (second, secondRecord) = LatentClassifierTraining.Fit(mu, labels, mu, labels, 10, seed: 8);

        Assert.Equal(firstRecord, secondRecord);
        Assert.Equal(Weights(first), Weights(second));
        first.Dispose();
        second.Dispose();
        mu.Dispose();
        labels.Dispose();
    }

    public static TheoryData<string> Members => ["mlp", "cvae-mlp"];

    [Theory]
    [MemberData(nameof(Members))]
    public void FitAndExport_FreshlyTrainedVae_InferenceLoadsItAndMatchesTorchSharp(string member)
    {
        using var dir = new TempDirectory();
        var signature = member == "mlp" ? VaeSignature.Mlp(32, 2) : VaeSignature.Mlp(32, 2) with { Conditioning = Conditioning.ClassLabel(MnistDataset.Classes) };
        var settings = new TrainingSettings { Epochs = 1, Seed = 5 };
        var info = ModelExport.Info(new DatasetRecord("mnist", "mnist", "test", SmallMnist.Train.Count, SmallMnist.Test.Count), settings, [], null);
        using var trainer = new VaeTrainer(signature, settings, CPU, SmallMnist.Train, SmallMnist.Test);
        trainer.Run(new RecordingObserver(), Path.Combine(dir.Path, ArtifactNames.Checkpoint), CancellationToken.None);
        VaeOnnxExport.Export(trainer.Model, dir.Path, info, trainer.TestData, settings.Seed);

        var record = LatentClassifierTraining.FitAndExport(trainer.Model, trainer.TrainData, SmallMnist.Train.Labels, trainer.TestData,
            SmallMnist.Test.Labels, MnistDataset.Classes, dir.Path, info, settings.Seed);

        Assert.True(record.Parity is { Passed: true }, record.Parity?.Describe());
        Assert.InRange(record.Parity!.Outputs.Single().MaxAbsDiff, 0, 1e-5);
        // 2000 images and one VAE epoch (16 steps) leave a barely shaped latent space (~0.25 seen): above chance (0.1)
        // is what it can show; the blob tests show the fit itself reaches what the data allows.
        Assert.InRange(record.TrainAccuracy, 0.15, 1.0);
        Assert.InRange(record.TestAccuracy, 0.15, 1.0);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        // vae-evaluate --classifier mlp reports the classifier available exactly when this load succeeds.
        using var vae = VaeModel.Load(dir.Path, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        using var onnx = LatentClassifierModel.Load(dir.Path, vae.Signature, intraOpThreads: 1);
        Assert.Equal((signature, 10, "64,64"), (onnx.Signature, onnx.Classes, onnx.Hidden));

        // The classifier learned on the μ the evaluation will feed it: the ONNX encoder's, a CVAE's under the true labels.
        using var trainMu = trainer.Model.LatentMeans(trainer.TrainData);
        using var testMu = trainer.Model.LatentMeans(trainer.TestData);
        var images = SmallMnist.Test;
        var encoded = signature.IsConditional ? vae.Encode(images.Pixels, [.. images.Labels.Select(l => (int)l)]) : vae.Encode(images.Pixels);
        double muDiff = testMu.data<float>().ToArray().Zip(encoded.Mu, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(muDiff <= 1e-5, $"the classifier's test μ differ from the ONNX encoder's by {muDiff:G3}");

        // The same fit again (it is deterministic) gives the TorchSharp model to compare with, at several batch sizes.
        using var trainLabels = Targets(SmallMnist.Train.Labels);
        using var testLabels = Targets(SmallMnist.Test.Labels);
        var (torchModel, again) = LatentClassifierTraining.Fit(trainMu, trainLabels, testMu, testLabels, MnistDataset.Classes, settings.Seed);
        using (torchModel)
        {
            Assert.Equal(record with { Parity = null }, again);
            foreach (int rows in new[] { 1, 7, SmallMnist.Test.Count })
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var mu = testMu.narrow(0, 0, rows).contiguous();
                float[] expected = torchModel.call(mu).softmax(1).data<float>().ToArray();

                float[] probabilities = onnx.Probabilities(mu.data<float>().ToArray());

                Assert.Equal(rows * 10, probabilities.Length);
                double worst = expected.Zip(probabilities, (e, a) => Math.Abs(e - a)).Max();
                Assert.True(worst <= 1e-5, $"batch {rows}: max |diff| {worst:G3}");
                for (int r = 0; r < rows; r++)
                {
                    Assert.Equal(1.0, probabilities.AsSpan(r * 10, 10).ToArray().Sum(), 5);
                }
            }
        }
    }

    private static float[][] Weights(LatentClassifier model)
    {
        using var scope = NewDisposeScope();
        return [.. model.parameters().Select(p => p.detach().contiguous().data<float>().ToArray())];
    }
}
