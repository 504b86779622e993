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
    private readonly int _threads;

    private OnnxVaeBackend(VaeModel model, int threads)
    {
        _model = model;
        _threads = threads;
    }

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
        return new OnnxVaeBackend(VaeModel.Load(options.ModelDirectory, modelOptions, log), options.Threads);
    }

    // An empty label span takes the unlabelled overload: the model refuses whichever kind does not fit it.

    /// <inheritdoc />
    public float[] EncodeMean(ReadOnlySpan<float> images, ReadOnlySpan<int> labels = default) =>
        (labels.IsEmpty ? _model.Encode(images) : _model.Encode(images, labels)).Mu;

    /// <inheritdoc />
    public float[] EncodeMean(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels = default) =>
        (labels.IsEmpty ? _model.Encode(images) : _model.Encode(images, labels)).Mu;

    /// <inheritdoc />
    public float[] Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels = default) =>
        labels.IsEmpty ? _model.Decode(z) : _model.Decode(z, labels);

    /// <summary>
    /// <see cref="ArtifactNames.Classifier"/> of the model folder through <see cref="LatentClassifierModel"/>,
    /// required to read this model's latent space.
    /// </summary>
    public ExportedClassifier OpenClassifier()
    {
        try
        {
            return new ExportedClassifier(new OnnxLatentScorer(LatentClassifierModel.Load(_model.ModelDirectory, _model.Signature, _threads)), null);
        }
        catch (VaeModelException e)
        {
            return new ExportedClassifier(null, e);
        }
    }

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
