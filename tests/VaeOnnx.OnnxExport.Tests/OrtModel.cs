using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>An in-memory ONNX model in an ONNX Runtime CPU session, for comparing with TorchSharp.</summary>
internal sealed class OrtModel : IDisposable
{
    private readonly InferenceSession _session;

    public OrtModel(ModelProto model) => _session = new InferenceSession(model.ToByteArray(), Options());

    public OrtModel(string path) => _session = new InferenceSession(path, Options());

    public InferenceSession Session => _session;

    /// <summary>Runs one input and returns the requested outputs with their shapes.</summary>
    public IReadOnlyList<(float[] Data, long[] Shape)> Run(string input, float[] data, long[] shape, params string[] outputs)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [input], [value], outputs);
        return [.. results.Select(r => (r.GetTensorDataAsSpan<float>().ToArray(), r.GetTensorTypeAndShape().Shape))];
    }

    public void Dispose() => _session.Dispose();

    private static SessionOptions Options() => new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
}
