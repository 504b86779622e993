namespace VaeOnnx.Contract;

/// <summary>
/// <c>classifier.onnx</c>: a small MLP the trainer fits on the training set's posterior means after the VAE, so that
/// programs can tell the class of a latent code. Its <c>metadata_props</c> carry <see cref="OnnxMetadataKeys.Role"/> =
/// <see cref="OnnxMetadataKeys.Roles.Classifier"/> and, under <see cref="OnnxMetadataKeys.Signature"/>, the signature
/// of the VAE whose latent space it reads (so a classifier of another model is refused).
/// </summary>
public static class LatentClassifierContract
{
    /// <summary>Input: posterior means, float32 [N, latent].</summary>
    public const string Input = "mu";

    /// <summary>Output: class probabilities (softmax), float32 [N, classes].</summary>
    public const string Output = "probabilities";

    /// <summary>Number of classes (integer) in the metadata.</summary>
    public const string ClassesKey = "classes";

    /// <summary>The hidden layers' widths, e.g. <c>64,64</c>, in the metadata.</summary>
    public const string HiddenKey = "hidden";
}
