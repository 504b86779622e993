using VaeOnnx.Contract;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>classifier.onnx: the latent classifier with its Softmax, its names and metadata, and the parity gate.</summary>
public sealed class ClassifierExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vae-classifier-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ExportClassifier_Random_PassesParityAndDescribesItself()
    {
        TorchTestSetup.Seed(90);
        var vae = VaeSignature.Mlp(16, 3);
        using var classifier = new LatentClassifier(3, 10);

        var report = VaeOnnxExport.ExportClassifier(classifier, vae, _dir, TestExportInfo.Placeholder, randn(300, 3));

        Assert.True(report.Passed);
        Assert.Equal(256, report.Outputs.Single().Samples);
        using var ort = new OrtModel(Path.Combine(_dir, ArtifactNames.Classifier));
        var metadata = ort.Session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(OnnxMetadataKeys.Roles.Classifier, metadata[OnnxMetadataKeys.Role]);
        Assert.Equal(vae, VaeSignature.Parse(metadata[OnnxMetadataKeys.Signature]));
        Assert.Equal(("10", "64,64"), (metadata[LatentClassifierContract.ClassesKey], metadata[LatentClassifierContract.HiddenKey]));
        var (probabilities, shape) = ort.Run(LatentClassifierContract.Input, [0.1f, -2f, 3f, 1f, 1f, 1f], [2, 3], LatentClassifierContract.Output)[0];
        Assert.Equal([2, 10], shape);
        Assert.Equal(1.0, probabilities[..10].Sum(), 5);
        Assert.Equal(1.0, probabilities[10..].Sum(), 5);
    }

    [Fact]
    public void ExportClassifier_NaNWeights_ThrowsAndWritesNothing()
    {
        TorchTestSetup.Seed(91);
        using var classifier = new LatentClassifier(2, 10);
        using (no_grad())
        {
            classifier.Logits.named_parameters().First().parameter[0, 0] = float.NaN;
        }

        Assert.Throws<OnnxParityException>(() => VaeOnnxExport.ExportClassifier(classifier, VaeSignature.Default, _dir, TestExportInfo.Placeholder, randn(8, 2)));

        Assert.Empty(Directory.GetFiles(_dir));
    }
}
