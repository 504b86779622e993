using VaeOnnx.Contract;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Every file the exporter writes is accepted by the reference checker (onnx 1.12 in Debian), shapes included.</summary>
public sealed class OnnxCheckerTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vae-onnx-checker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [OnnxCheckerFact]
    public void Export_EveryFamilyMemberAndTheClassifier_PassFullCheck()
    {
        VaeSignature[] members =
        [
            VaeSignature.Mlp(32, 2),
            VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(24), LatentDim = 16 },
            VaeSignature.Mlp(32, 2) with { Conditioning = Conditioning.ClassLabel(10) },
            VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(24), LatentDim = 4, Conditioning = Conditioning.ClassLabel(10) },
        ];
        var files = new List<string>();
        for (int i = 0; i < members.Length; i++)
        {
            TorchTestSetup.Seed(100 + i);
            string dir = Path.Combine(_dir, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var vae = new Vae(members[i]);
            using var test = TensorDataset.Of(rand(8, 784), members[i].IsConditional ? randint(0, 10, [8], dtype: ScalarType.Int64) : null);
            Assert.True(VaeOnnxExport.Export(vae, dir, TestExportInfo.Placeholder, test, seed: 3).Passed);
            files.Add(Path.Combine(dir, ArtifactNames.Encoder));
            files.Add(Path.Combine(dir, ArtifactNames.Decoder));
            using var classifier = new LatentClassifier(members[i].LatentDim, 10);
            Assert.True(VaeOnnxExport.ExportClassifier(classifier, members[i], dir, TestExportInfo.Placeholder, randn(300, members[i].LatentDim)).Passed);
            files.Add(Path.Combine(dir, ArtifactNames.Classifier));
        }

        var (code, output) = OnnxChecker.Run(files);

        log.WriteLine(output);
        Assert.True(code == 0, $"the onnx checker refused a file (exit {code}):\n{output}");
        Assert.Equal(files.Count, output.Split('\n').Count(line => line.Contains(" opset 17 ", StringComparison.Ordinal)));
    }
}
