using Microsoft.ML.OnnxRuntime;
using VaeOnnx.Contract;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Every member of the family exports, passes parity, and carries its signature and label input.</summary>
public sealed class VaeFamilyExportTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vae-family-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Members => ["conv", "cvae-mlp", "cvae-conv"];

    private static VaeSignature Signature(string member) => member switch
    {
        "conv" => VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(48) },
        "cvae-mlp" => VaeSignature.Mlp(40, 3) with { Conditioning = Conditioning.ClassLabel(10) },
        _ => new VaeSignature { Architecture = ArchitectureSpec.Conv(24), Image = ImageShape.Mnist, LatentDim = 4, Conditioning = Conditioning.ClassLabel(10) },
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Export_FamilyMember_PassesParityAndCarriesItsSignature(string member)
    {
        TorchTestSetup.Seed(80);
        var signature = Signature(member);
        using var vae = new Vae(signature);
        using var test = TensorDataset.Of(rand(20, 784), signature.IsConditional ? randint(0, 10, [20], dtype: ScalarType.Int64) : null);

        ParityReport report = VaeOnnxExport.Export(vae, _dir, TestExportInfo.Placeholder, test, seed: 4);

        log.WriteLine($"PARITY {member}: {report.Describe()}");
        Assert.True(report.Passed);
        foreach (string file in new[] { ArtifactNames.Encoder, ArtifactNames.Decoder })
        {
            using var ort = new OrtModel(Path.Combine(_dir, file));
            Assert.Equal(signature, VaeSignature.Parse(ort.Session.ModelMetadata.CustomMetadataMap[OnnxMetadataKeys.Signature]));
            Assert.Equal(signature.IsConditional, ort.Session.InputMetadata.ContainsKey("label"));
            if (signature.IsConditional)
            {
                var label = ort.Session.InputMetadata["label"];
                Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, label.ElementDataType);
                Assert.Equal([-1], label.Dimensions);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Export_FamilyMember_MatchesTorchAtBatch1And7And1000(string member)
    {
        TorchTestSetup.Seed(81);
        var signature = Signature(member);
        using var vae = new Vae(signature);
        using (var test = TensorDataset.Of(rand(8, 784), signature.IsConditional ? randint(0, 10, [8], dtype: ScalarType.Int64) : null))
        {
            VaeOnnxExport.Export(vae, _dir, TestExportInfo.Placeholder, test, seed: 5);
        }
        vae.eval();
        using var encoder = new OrtModel(Path.Combine(_dir, ArtifactNames.Encoder));
        using var decoder = new OrtModel(Path.Combine(_dir, ArtifactNames.Decoder));
        int latent = signature.LatentDim;
        double worst = 0;
        foreach (int batch in Parity.Batches)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor x = rand(batch, 784);
            Tensor? labels = signature.IsConditional ? randint(0, 10, [batch], dtype: ScalarType.Int64) : null;
            using var condition = vae.Condition(labels);
            (Tensor mu, Tensor logVar) = vae.Encoder.call(x, condition);
            var encoded = Run(encoder, ("image", x, [batch, 1, 28, 28]), labels, "mu", "logvar");
            worst = Math.Max(worst, Parity.MaxAbsDiff(mu.data<float>().ToArray(), encoded[0]));
            worst = Math.Max(worst, Parity.MaxAbsDiff(logVar.data<float>().ToArray(), encoded[1]));

            Tensor z = randn(batch, latent);
            Tensor means = sigmoid(vae.Decoder.call(z, condition));
            var decoded = Run(decoder, ("z", z, [batch, latent]), labels, "image");
            worst = Math.Max(worst, Parity.MaxAbsDiff(means.data<float>().ToArray(), decoded[0]));
        }
        log.WriteLine($"PARITY {member} batches 1/7/1000: max |diff| {worst:G3}");
        Assert.InRange(worst, 0, Parity.Tolerance);
    }

    private static float[][] Run(OrtModel model, (string Name, Tensor Values, long[] Shape) input, Tensor? labels, params string[] outputs)
    {
        var names = new List<string> { input.Name };
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(input.Values.contiguous().data<float>().ToArray(), input.Shape) };
        if (labels is not null)
        {
            names.Add("label");
            values.Add(OrtValue.CreateTensorValueFromMemory(labels.data<long>().ToArray(), [labels.shape[0]]));
        }
        try
        {
            using var options = new RunOptions();
            using var results = model.Session.Run(options, names, values, outputs);
            return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }
}
