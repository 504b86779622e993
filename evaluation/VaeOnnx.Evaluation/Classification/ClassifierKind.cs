namespace VaeOnnx.Evaluation.Classification;

/// <summary>The classifiers the evaluation can put on the latent means, in report order.</summary>
public enum ClassifierKind
{
    /// <summary>ML.NET <c>OneVersusAll(FastForest)</c>, fitted here.</summary>
    Forest,

    /// <summary>ML.NET multinomial logistic regression (<c>LbfgsMaximumEntropy</c>), fitted here.</summary>
    Logistic,

    /// <summary>The trainer's MLP (<c>classifier.onnx</c>), fitted on the training μ by <c>vae-train</c> and only scored here.</summary>
    Mlp,
}
