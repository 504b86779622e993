namespace VaeOnnx.Contract;

/// <summary>The file names of everything the programs write and read, in a model folder and in a reports folder.</summary>
public static class ArtifactNames
{
    /// <summary>The encoder graph (model folder).</summary>
    public const string Encoder = "encoder.onnx";

    /// <summary>The decoder graph (model folder).</summary>
    public const string Decoder = "decoder.onnx";

    /// <summary>
    /// The latent classifier the trainer fits on the training μ after the VAE (model folder, optional), see
    /// <see cref="LatentClassifierContract"/>.
    /// </summary>
    public const string Classifier = "classifier.onnx";

    /// <summary>The training history (model folder), see <see cref="TrainingHistory"/>.</summary>
    public const string History = "training-history.json";

    /// <summary>The final TorchSharp weights of the whole VAE (model folder).</summary>
    public const string Weights = "vae.weights";

    /// <summary>The resumable training checkpoint (model folder).</summary>
    public const string Checkpoint = "checkpoint.pt";

    /// <summary>Posterior means of the training images, float32 <c>[N,latent]</c> (reports folder).</summary>
    public const string LatentsTrain = "latents_train.npy";

    /// <summary>Posterior means of the test images, float32 <c>[N,latent]</c> (reports folder).</summary>
    public const string LatentsTest = "latents_test.npy";

    /// <summary>Labels of the training images, uint8 <c>[N]</c> (reports folder).</summary>
    public const string LabelsTrain = "labels_train.npy";

    /// <summary>Labels of the test images, uint8 <c>[N]</c> (reports folder).</summary>
    public const string LabelsTest = "labels_test.npy";

    /// <summary>decoder(μ) of the evaluated test images, float32 <c>[N,C,H,W]</c> (reports folder).</summary>
    public const string ReconstructionsTest = "reconstructions_test.npy";

    /// <summary>Every number of an evaluation (reports folder).</summary>
    public const string Metrics = "metrics.json";

    /// <summary>SSIM, PSNR and MSE per evaluated image (reports folder).</summary>
    public const string PerImageMetrics = "per_image_metrics.csv";

    /// <summary>The evaluation report as Markdown (reports folder).</summary>
    public const string ReportMarkdown = "report.md";

    /// <summary>The evaluation report as one HTML page (reports folder).</summary>
    public const string ReportHtml = "index.html";

    /// <summary>The zoo's table, one <see cref="ZooRow"/> per member (the zoo's reports folder).</summary>
    public const string ZooSummary = "zoo.json";
}
