using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Onnx;

/// <summary><see cref="ILatentScorer"/> on the inference library's <see cref="LatentClassifierModel"/>.</summary>
public sealed class OnnxLatentScorer(LatentClassifierModel model) : ILatentScorer
{
    /// <inheritdoc />
    public int Classes => model.Classes;

    /// <inheritdoc />
    public string Description => $"{(model.Hidden is { } hidden ? $"hidden {hidden}, " : "")}{ArtifactNames.Classifier}";

    /// <inheritdoc />
    public float[] Probabilities(ReadOnlySpan<float> mu) => model.Probabilities(mu);

    /// <inheritdoc />
    public void Dispose() => model.Dispose();
}
