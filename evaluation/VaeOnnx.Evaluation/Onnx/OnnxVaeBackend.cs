using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Onnx;

/// <summary>
/// The evaluation's only contact with ONNX Runtime: the inference library's <see cref="VaeModel"/> behind
/// <see cref="IVaeBackend"/>, and its <see cref="NpyFile"/> behind <see cref="INpyWriter"/>.
/// </summary>
public sealed class OnnxVaeBackend : IVaeBackend
{
    private readonly VaeModel _model;

    private OnnxVaeBackend(VaeModel model) => _model = model;

    /// <inheritdoc />
    public VaeSignature Signature => _model.Signature;

    /// <inheritdoc />
    public string Provider => _model.Provider;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata => _model.Metadata;

    /// <summary>Opens <see cref="ArtifactNames.Encoder"/> and <see cref="ArtifactNames.Decoder"/> from the model folder of <paramref name="options"/>.</summary>
    /// <exception cref="VaeModelException">The folder or a file is missing, corrupt or not a VAE half (names the file).</exception>
    public static IVaeBackend Open(EvaluationOptions options, Action<string> log)
    {
        var modelOptions = new VaeModelOptions
        {
            Device = options.Device,
            IntraOpThreads = options.Threads,
        };
        return new OnnxVaeBackend(VaeModel.Load(options.ModelDirectory, modelOptions, log));
    }

    /// <inheritdoc />
    public float[] EncodeMean(ReadOnlySpan<float> images) => _model.Encode(images).Mu;

    /// <inheritdoc />
    public float[] EncodeMean(ReadOnlySpan<byte> images) => _model.Encode(images).Mu;

    /// <inheritdoc />
    public float[] Decode(ReadOnlySpan<float> z) => _model.Decode(z);

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}

/// <summary><see cref="INpyWriter"/> on the inference library's <see cref="NpyFile"/> (atomic writes).</summary>
public sealed class InferenceNpyWriter : INpyWriter
{
    /// <inheritdoc />
    public void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) => NpyFile.Write(path, data, shape);

    /// <inheritdoc />
    public void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape) => NpyFile.Write(path, data, shape);
}

/// <summary>The backend and array writer <c>vae-evaluate</c> uses.</summary>
public static class OnnxRuntimeBackend
{
    /// <summary>Opens the model through ONNX Runtime.</summary>
    public static VaeBackendFactory Factory => OnnxVaeBackend.Open;

    /// <summary>Writes .npy files through the inference library.</summary>
    public static INpyWriter NpyWriter { get; } = new InferenceNpyWriter();
}
