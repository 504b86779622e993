using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using VaeOnnx.Contract;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>The trainer's VAE export: files, parity, metadata, dynamic batch, failure handling.</summary>
public sealed class VaeOnnxExportTests(ITestOutputHelper log) : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 18, 30, 5, TimeSpan.FromHours(1));

    private readonly string _dir = Directory.CreateTempSubdirectory("vae-export-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(32, 2)]
    [InlineData(400, 2)]
    [InlineData(64, 16)]
    public void Export_TrainedSizeVae_PassesParityAndWritesContractFiles(int hidden, int latent)
    {
        TorchTestSetup.Seed(70);
        using var vae = new Vae(VaeSignature.Mlp(hidden, latent));
        using Tensor images = rand(300, 784);

        ParityReport report = VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(images), seed: 5);

        log.WriteLine($"PARITY VAE 784-{hidden}-{latent}: {report.Describe()}");
        Assert.True(report.Passed);
        Assert.Equal(VaeOnnxExport.DefaultTolerance, report.Tolerance);
        Assert.Equal([("encoder", "mu", 256), ("encoder", "logvar", 256), ("decoder", "image", 256)],
            report.Outputs.Select(o => (o.Model, o.Output, o.Samples)));
        Assert.All(report.Outputs, o => Assert.InRange(o.MaxAbsDiff, 0, 1e-5));
        Assert.Matches(@"^\d+\.\d+\.\d+", report.OnnxRuntimeVersion);
        Assert.Equal([ArtifactNames.Decoder, ArtifactNames.Encoder], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
        OnnxModelFile.Validate(Path.Combine(_dir, ArtifactNames.Encoder));
        OnnxModelFile.Validate(Path.Combine(_dir, ArtifactNames.Decoder));
    }

    [Fact]
    public void Export_WeightsOfAModelWrittenBeforeTheSignature_GivesBitIdenticalOutputs()
    {
        // tests/fixtures/legacy-model: ONNX files and the weights they were exported from, by the code before the
        // signature. Today's exporter must produce graphs that compute exactly the same numbers from those weights.
        TorchTestSetup.Seed(69);
        string legacy = RepositoryPaths.LegacyModel;
        using var vae = new Vae(VaeSignature.Mlp(16, 2));
        vae.load(Path.Combine(legacy, ArtifactNames.Weights));
        VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(8, 784)), seed: 1);
        float[] images = [.. Enumerable.Range(0, 8 * 784).Select(i => (i * 7919 % 256) / 255f)];
        float[] z = [.. Enumerable.Range(0, 64 * 2).Select(i => (float)Math.Sin(i) * 3)];

        foreach (string file in new[] { ArtifactNames.Encoder, ArtifactNames.Decoder })
        {
            using var before = new OrtModel(Path.Combine(legacy, file));
            using var now = new OrtModel(Path.Combine(_dir, file));
            var (input, data, shape, outputs) = file == ArtifactNames.Encoder
                ? ("image", images, new long[] { 8, 1, 28, 28 }, new[] { "mu", "logvar" })
                : ("z", z, [64, 2], ["image"]);
            var expected = before.Run(input, data, shape, outputs);
            var actual = now.Run(input, data, shape, outputs);
            for (int o = 0; o < outputs.Length; o++)
            {
                Assert.Equal(expected[o].Shape, actual[o].Shape);
                Assert.Equal(expected[o].Data, actual[o].Data);
            }
        }
    }

    [Fact]
    public void Export_FewTestImages_ComparesAllOfThem()
    {
        TorchTestSetup.Seed(71);
        using var vae = new Vae(VaeSignature.Mlp(16, 2));
        ParityReport report = VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(3, 784)), seed: 1);
        Assert.Equal([3, 3, 256], report.Outputs.Select(o => o.Samples));
    }

    [Fact]
    public void Export_Metadata_CarriesContractKeysAndValues()
    {
        TorchTestSetup.Seed(72);
        using var vae = new Vae(VaeSignature.Mlp(32, 2));
        VaeOnnxExport.Export(vae, _dir, Info() with { GitCommit = "abc123" }, TensorDataset.Of(rand(8, 784)), seed: 1);

        foreach ((string file, string role) in new[] { (ArtifactNames.Encoder, OnnxMetadataKeys.Roles.Encoder), (ArtifactNames.Decoder, OnnxMetadataKeys.Roles.Decoder) })
        {
            using var ort = new OrtModel(Path.Combine(_dir, file));
            ModelMetadata meta = ort.Session.ModelMetadata;
            Assert.Equal(OnnxMetadataKeys.ProducerName, meta.ProducerName);
            Assert.Equal(OnnxMetadataKeys.Domain, meta.Domain);
            Assert.Equal(3, meta.Version);
            Assert.Contains("mlp-32, 1x28x28 → z 2", meta.Description, StringComparison.Ordinal);
            Dictionary<string, string> props = meta.CustomMetadataMap;
            Assert.Equal(role, props[OnnxMetadataKeys.Role]);
            Assert.Equal(VaeSignature.Mlp(32, 2), VaeSignature.Parse(props[OnnxMetadataKeys.Signature]));
            Assert.Contains("\"pixelScaling\":\"x/255\"", props[OnnxMetadataKeys.Signature], StringComparison.Ordinal);
            Assert.DoesNotContain(OnnxMetadataKeys.Legacy.LatentDim, props.Keys);
            Assert.Equal("mnist", props[OnnxMetadataKeys.Dataset]);
            Assert.Equal(new string('a', 64), props[OnnxMetadataKeys.DatasetSha256]);
            Assert.Equal("20", props[OnnxMetadataKeys.Epochs]);
            Assert.Equal("42", props[OnnxMetadataKeys.Seed]);
            Assert.Equal(101.25, double.Parse(props[OnnxMetadataKeys.FinalTrainLoss], CultureInfo.InvariantCulture));
            Assert.Equal(103.5, double.Parse(props[OnnxMetadataKeys.FinalTestLoss], CultureInfo.InvariantCulture));
            Assert.Equal("2026-11-25T17:30:05Z", props[OnnxMetadataKeys.Created]);
            Assert.Equal("abc123", props[OnnxMetadataKeys.GitCommit]);
        }
        ModelProto encoder = OnnxModelFile.Load(Path.Combine(_dir, ArtifactNames.Encoder));
        Assert.Equal((8L, 17L), (encoder.IrVersion, encoder.OpsetImport.Single().Version));
        Assert.Matches(@"^\d+\.\d+\.\d+", encoder.ProducerVersion);
    }

    [Fact]
    public void Export_UnknownGitCommit_LeavesKeyOut()
    {
        TorchTestSetup.Seed(73);
        using var vae = new Vae(VaeSignature.Mlp(8, 2));
        ModelProto decoder = VaeOnnxExport.BuildDecoder(vae, Info());
        Assert.DoesNotContain(decoder.MetadataProps, p => p.Key == OnnxMetadataKeys.GitCommit);
    }

    [Fact]
    public void Export_OnnxFiles_DynamicBatchMatchesTorch()
    {
        TorchTestSetup.Seed(74);
        using var vae = new Vae(VaeSignature.Mlp(48, 3));
        VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(16, 784)), seed: 2);
        vae.eval();
        using var encoder = new OrtModel(Path.Combine(_dir, ArtifactNames.Encoder));
        using var decoder = new OrtModel(Path.Combine(_dir, ArtifactNames.Decoder));

        NodeMetadata image = encoder.Session.InputMetadata["image"];
        Assert.Equal([-1, 1, 28, 28], image.Dimensions);
        Assert.Equal(OnnxMetadataKeys.BatchDimension, image.SymbolicDimensions[0]);
        Assert.Equal([-1, 3], encoder.Session.OutputMetadata["logvar"].Dimensions);
        Assert.Equal([-1, 3], decoder.Session.InputMetadata["z"].Dimensions);
        Assert.Equal([-1, 1, 28, 28], decoder.Session.OutputMetadata["image"].Dimensions);

        double worst = 0;
        foreach (int batch in new[] { 1, 5, 1000 })
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor x = rand(batch, 784);
            (Tensor mu, Tensor logVar) = vae.Encoder.call(x, null);
            var enc = encoder.Run("image", x.data<float>().ToArray(), [batch, 1, 28, 28], "mu", "logvar");
            Assert.Equal([batch, 3], enc[0].Shape);
            worst = Math.Max(worst, Parity.MaxAbsDiff(mu.data<float>().ToArray(), enc[0].Data));
            worst = Math.Max(worst, Parity.MaxAbsDiff(logVar.data<float>().ToArray(), enc[1].Data));

            Tensor z = randn(batch, 3);
            Tensor means = sigmoid(vae.Decoder.call(z, null));
            var dec = decoder.Run("z", z.data<float>().ToArray(), [batch, 3], "image");
            Assert.Equal([batch, 1, 28, 28], dec[0].Shape);
            Assert.All(dec[0].Data, p => Assert.InRange(p, 0f, 1f));
            worst = Math.Max(worst, Parity.MaxAbsDiff(means.data<float>().ToArray(), dec[0].Data));
        }
        log.WriteLine($"PARITY VAE 784-48-3 batches 1/5/1000: max |diff| {worst:G3}");
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public void Export_InitializerNames_TraceToTorchParameterNames()
    {
        TorchTestSetup.Seed(75);
        using var vae = new Vae(VaeSignature.Mlp(8, 2));
        string[] onnx =
        [
            .. VaeOnnxExport.BuildEncoder(vae, Info()).Graph.Initializer.Select(i => i.Name),
            .. VaeOnnxExport.BuildDecoder(vae, Info()).Graph.Initializer.Select(i => i.Name).Where(n => !n.EndsWith(".shape", StringComparison.Ordinal)),
        ];
        Assert.Contains("encoder.hidden.fc.weight", onnx);
        Assert.Contains("decoder.logits.out.bias", onnx);
        // Initializers carry exactly the TorchSharp state-dict names.
        string[] torchNames = [.. vae.named_parameters().Select(p => p.name)];
        Assert.Equal(torchNames.Order(), onnx.Order());
    }

    [Fact]
    public void Export_NaNWeights_ThrowsAndKeepsExistingFiles()
    {
        TorchTestSetup.Seed(76);
        using var vae = new Vae(VaeSignature.Mlp(8, 2));
        string encoderPath = Path.Combine(_dir, ArtifactNames.Encoder);
        File.WriteAllText(encoderPath, "previous model");
        using (no_grad())
        {
            vae.Decoder.Logits.named_parameters().First().parameter[0, 0] = float.NaN;
        }

        var e = Assert.Throws<OnnxParityException>(() => VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(4, 784)), seed: 1));

        Assert.False(e.Report.Passed);
        Assert.True(double.IsNaN(e.Report.Outputs.Single(o => o.Model == "decoder").MaxAbsDiff));
        Assert.Contains("no model files were written", e.Message, StringComparison.Ordinal);
        Assert.Contains("decoder/image max |diff| NaN", e.Message, StringComparison.Ordinal);
        Assert.Equal([ArtifactNames.Encoder], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal("previous model", File.ReadAllText(encoderPath));
    }

    [Fact]
    public void Export_ModelInTrainingMode_RestoresTrainingFlag()
    {
        TorchTestSetup.Seed(77);
        using var vae = new Vae(VaeSignature.Mlp(8, 2));
        vae.train();
        VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(4, 784)), seed: 1);
        Assert.True(vae.training);
    }

    [Fact]
    public void Export_TestImagesWrongShape_ThrowsArgument()
    {
        TorchTestSetup.Seed(98);
        using var vae = new Vae(VaeSignature.Mlp(8, 2));
        var e = Assert.Throws<ArgumentException>(() => VaeOnnxExport.Export(vae, _dir, Info(), TensorDataset.Of(rand(4, 1, 28, 28)), seed: 1));
        Assert.Contains("[M,784]", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    private static VaeExportInfo Info() => new()
    {
        Dataset = "mnist",
        DatasetSha256 = new string('a', 64),
        Epochs = 20,
        Seed = 42,
        FinalTrainLoss = 101.25,
        FinalTestLoss = 103.5,
        Created = Created,
        ModelVersion = 3,
    };
}
