using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Classification;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>
/// Everything <c>vae-evaluate</c> can be told. The command line fills it from its switches; a new instance holds the
/// defaults, and <c>--help</c> shows them from here.
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>
    /// Gets the folder with the encoder, the decoder and the training history (<c>--models</c>). Default is
    /// <see cref="SharedOptions.DefaultModels"/>.
    /// </summary>
    public string ModelDirectory { get; init; } = SharedOptions.DefaultModels;

    /// <summary>
    /// Gets the folder with the MNIST-layout IDX files (<c>--data</c>). Default is <see cref="SharedOptions.DefaultData"/>.
    /// </summary>
    public string DataDirectory { get; init; } = SharedOptions.DefaultData;

    /// <summary>
    /// Gets the folder the figures, tables and report are written to (<c>--out</c>); created when missing. Default is
    /// <c>reports</c>.
    /// </summary>
    public string OutputDirectory { get; init; } = "reports";

    /// <summary>
    /// Gets how many test images, from the first, the reconstruction metrics cover (<c>--sample-size</c>); null means
    /// all of them. Default is null. The latents and the classifier always use every image.
    /// </summary>
    public int? SampleSize { get; init; }

    /// <summary>Gets the number of trees per one-vs-rest forest (<c>--trees</c>). Default is 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>
    /// Gets how the classifier is trained and scored (<c>--classifier-protocol</c>). Default is
    /// <see cref="ClassifierProtocol.TrainTest"/>.
    /// </summary>
    public ClassifierProtocol Protocol { get; init; } = ClassifierProtocol.TrainTest;

    /// <summary>
    /// Gets which classifiers run on the latent means (<c>--classifier</c>). Default is <see cref="ClassifierSelection.All"/>.
    /// </summary>
    public ClassifierSelection Classifier { get; init; } = ClassifierSelection.All;

    /// <summary>Gets when the t-SNE view of the test μ is computed (<c>--tsne</c>, <c>--no-tsne</c>). Default is <see cref="TSneMode.Auto"/>.</summary>
    public TSneMode TSne { get; init; } = TSneMode.Auto;

    /// <summary>Gets the perplexity of the t-SNE (<c>--tsne-perplexity</c>). Default is <see cref="TSneSettings.DefaultPerplexity"/> (30).</summary>
    public double TSnePerplexity { get; init; } = TSneSettings.DefaultPerplexity;

    /// <summary>Gets the seed of the classifier, the test split and the generated samples (<c>--seed</c>). Default is 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Gets where ONNX Runtime runs the model (<c>--device</c>). Default is <see cref="ExecutionDevice.Auto"/>.
    /// </summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>
    /// Gets the threads for ONNX Runtime, the forest and the metrics (<c>--threads</c>); 0 means all cores. Default is 0.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Gets the threads actually used: <see cref="Threads"/>, or the core count for 0.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
