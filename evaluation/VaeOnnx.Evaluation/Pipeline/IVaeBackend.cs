using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Cli;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>
/// The only thing the evaluation needs from a trained VAE. The real implementation wraps the inference library's
/// <c>VaeModel</c> (ONNX Runtime); tests use plain C# stand-ins. Keeping this seam narrow keeps every model call of
/// the evaluation in one place.
/// </summary>
public interface IVaeBackend : IDisposable
{
    /// <summary>What the model is (image shape, latent size, conditioning).</summary>
    VaeSignature Signature { get; }

    /// <summary>Size of the latent space.</summary>
    int LatentDim => Signature.LatentDim;

    /// <summary>Where the model runs (e.g. "CPU", "CUDA").</summary>
    string Provider { get; }

    /// <summary>Model metadata to report (ONNX <c>metadata_props</c>).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Posterior means μ of images scaled to [0,1], <c>[N,pixels]</c> → <c>[N,LatentDim]</c>.</summary>
    float[] EncodeMean(ReadOnlySpan<float> images);

    /// <summary>Posterior means μ of 8-bit images (scaled <c>x/255</c> by the model), <c>[N,pixels]</c> → <c>[N,LatentDim]</c>.</summary>
    float[] EncodeMean(ReadOnlySpan<byte> images);

    /// <summary>Decoder outputs in [0,1], <c>[N,LatentDim]</c> → <c>[N,pixels]</c>.</summary>
    float[] Decode(ReadOnlySpan<float> z);
}

/// <summary>Writes NumPy <c>.npy</c> files (atomically).</summary>
public interface INpyWriter
{
    /// <summary>Writes float32 data with the given shape.</summary>
    void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape);

    /// <summary>Writes uint8 data with the given shape.</summary>
    void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape);
}

/// <summary>Opens the model named by the options; <paramref name="log"/> receives notes such as a CUDA fallback.</summary>
public delegate IVaeBackend VaeBackendFactory(EvaluationOptions options, Action<string> log);
