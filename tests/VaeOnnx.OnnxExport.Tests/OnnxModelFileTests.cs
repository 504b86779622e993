using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>Atomic saving, loading, and the errors a user sees for broken files.</summary>
public sealed class OnnxModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-file-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Save_ThenLoad_RoundTripsModel()
    {
        ModelProto model = SmallModel();
        string path = Path.Combine(_dir, "m.onnx");
        OnnxModelFile.Save(model, path);
        Assert.Equal(model, OnnxModelFile.Load(path));
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporary()
    {
        string path = Path.Combine(_dir, "sub", "m.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");
        OnnxModelFile.Save(SmallModel(), path);
        Assert.Equal(["m.onnx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(SmallModel().ToByteArray(), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(3)]
    [InlineData(2)]
    public void Load_TruncatedFile_ThrowsOneLineErrorNamingFile(int keepDivisor)
    {
        byte[] bytes = SmallModel().ToByteArray();
        string path = Path.Combine(_dir, "truncated.onnx");
        // keepDivisor 1 keeps all but the last 20 bytes; the others keep 1/10, 1/3, 1/2 of the file.
        File.WriteAllBytes(path, bytes[..(keepDivisor == 1 ? bytes.Length - 20 : bytes.Length / keepDivisor)]);

        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Load(path));

        Assert.StartsWith($"'{path}' is not a valid ONNX model", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_GarbageBytes_ThrowsInvalidData()
    {
        string path = Path.Combine(_dir, "garbage.onnx");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251))]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Validate(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_SaysGraphIsMissing()
    {
        string path = Path.Combine(_dir, "empty.onnx");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Load(path));
        Assert.Contains("ir_version is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => OnnxModelFile.Load(Path.Combine(_dir, "nope.onnx")));

    [Fact]
    public void Validate_NodeUsesUndefinedTensor_NamesNodeAndTensor()
    {
        ModelProto model = SmallModel();
        model.Graph.Node[0].Input[0] = "ghost";
        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Validate(model));
        Assert.Contains("uses 'ghost'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InitializerDataShorterThanDims_Throws()
    {
        ModelProto model = SmallModel();
        TensorProto weight = model.Graph.Initializer[0];
        weight.RawData = ByteString.CopyFrom(weight.RawData.Span[..8]);
        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Validate(model));
        Assert.Contains($"initializer '{weight.Name}' holds 2 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxRuntime_TruncatedFile_ThrowsOnnxRuntimeException()
    {
        // What a user of ONNX Runtime alone sees: its own exception type, not a crash. OnnxModelFile.Load above
        // gives the friendlier one-line message naming the file.
        byte[] bytes = SmallModel().ToByteArray();
        string path = Path.Combine(_dir, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<OnnxRuntimeException>(() => new OrtModel(path).Dispose());
        Assert.Contains("Protobuf parsing failed", e.Message, StringComparison.Ordinal);
    }

    private static ModelProto SmallModel()
    {
        TorchTestSetup.Seed(60);
        var g = new OnnxGraphBuilder("small");
        g.Output("y", g.Sigmoid(g.Module(nn.Linear(16, 8), g.Input("x", [OnnxDim.Batch, 16]), "fc")));
        return g.Build(new OnnxModelInfo { Metadata = new Dictionary<string, string> { ["k"] = "v" } });
    }
}
