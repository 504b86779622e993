namespace VaeOnnx.Evaluation.Classification;

/// <summary>What <c>--classifier</c> takes: one classifier, or all of them.</summary>
public enum ClassifierSelection
{
    /// <summary>The random forest only.</summary>
    Forest,

    /// <summary>The logistic regression only.</summary>
    Logistic,

    /// <summary>The trainer's MLP only (then <c>classifier.onnx</c> must be there).</summary>
    Mlp,

    /// <summary>Every classifier; the MLP is reported as unavailable when the model folder has no usable <c>classifier.onnx</c>.</summary>
    All,
}
