using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Cli;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>
/// The only thing the evaluation needs from a trained VAE. The real implementation wraps the inference library's
/// <c>VaeModel</c> (ONNX Runtime); tests use plain C# stand-ins. Keeping this seam narrow keeps every model call of
/// the evaluation in one place. The labels of every call are one per image or code for a conditional model
/// (<see cref="VaeSignature.IsConditional"/>) and empty otherwise; the other kind is refused.
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

    /// <summary>Posterior means μ of images scaled to [0,1], <c>[N,pixels]</c> → <c>[N,LatentDim]</c>, each encoded under its label.</summary>
    float[] EncodeMean(ReadOnlySpan<float> images, ReadOnlySpan<int> labels = default);

    /// <summary>Posterior means μ of 8-bit images (scaled <c>x/255</c> by the model), <c>[N,pixels]</c> → <c>[N,LatentDim]</c>.</summary>
    float[] EncodeMean(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels = default);

    /// <summary>Decoder outputs in [0,1], <c>[N,LatentDim]</c> → <c>[N,pixels]</c>, each code decoded under its label.</summary>
    float[] Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels = default);

    /// <summary>
    /// The latent classifier exported beside the model (<c>classifier.onnx</c>), checked to belong to it, or why
    /// there is none usable. The caller owns the scorer.
    /// </summary>
    ExportedClassifier OpenClassifier();
}

/// <summary>Class probabilities of latent codes from a classifier fitted elsewhere (the trainer's MLP).</summary>
public interface ILatentScorer : IDisposable
{
    /// <summary>Number of classes K.</summary>
    int Classes { get; }

    /// <summary>What it is, for the report (e.g. "hidden 64,64, classifier.onnx").</summary>
    string Description { get; }

    /// <summary>Probabilities <c>[N,K]</c> row-major for codes <c>[N,latent]</c>.</summary>
    float[] Probabilities(ReadOnlySpan<float> mu);
}

/// <summary>The exported classifier, or the problem that keeps it out (missing, unreadable, of another model).</summary>
/// <param name="Scorer">The classifier, or null.</param>
/// <param name="Problem">Why there is none (one line naming the file), or null.</param>
public sealed record ExportedClassifier(ILatentScorer? Scorer, DataFileException? Problem);

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
