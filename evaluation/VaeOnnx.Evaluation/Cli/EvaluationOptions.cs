using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>Everything <c>vae-evaluate</c> can be told on the command line.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Folder with encoder.onnx, decoder.onnx and training-history.json.</summary>
    public string ModelDirectory { get; init; } = "models";

    /// <summary>Folder with the MNIST IDX files.</summary>
    public string DataDirectory { get; init; } = "data/mnist";

    /// <summary>Folder the figures, tables and report are written to.</summary>
    public string OutputDirectory { get; init; } = "reports";

    /// <summary>Reconstruction metrics over the first N test images; null = all of them.</summary>
    public int? SampleSize { get; init; }

    /// <summary>Trees per one-vs-rest forest.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>How the classifier is trained and scored.</summary>
    public ClassifierProtocol Protocol { get; init; } = ClassifierProtocol.TrainTest;

    /// <summary>Seed for the classifier, the test split and the generated samples.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Execution device for ONNX Runtime.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>Threads for ONNX Runtime, the forest and the metrics; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Threads actually used (resolves 0 to the core count).</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
