using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>
/// Everything one <c>vae-train</c> run is told, after the command line and the configuration beneath it are
/// merged. The training core never sees this record: <see cref="ToSignature"/> and <see cref="ToSettings"/> map it onto
/// the model and training configuration that checkpoints and histories store.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = new TrainingSettings().Epochs;

    /// <summary>Images per optimisation step.</summary>
    public int BatchSize { get; init; } = new TrainingSettings().BatchSize;

    /// <summary>The network: fully connected or convolutional.</summary>
    public Architecture Arch { get; init; } = Architecture.Mlp;

    /// <summary>Whether the model is a conditional VAE on the digit label.</summary>
    public bool Conditional { get; init; }

    /// <summary>Weight of the KL term (1: the plain VAE; above 1: a β-VAE).</summary>
    public double Beta { get; init; } = new TrainingSettings().Beta;

    /// <summary>Arithmetic of the training step's matrix products (float32, or the bfloat16 opt-in).</summary>
    public TrainingPrecision Precision { get; init; } = new TrainingSettings().Precision;

    /// <summary>Size of the latent code z.</summary>
    public int LatentDim { get; init; } = VaeSignature.Default.LatentDim;

    /// <summary>Width of the hidden layer of encoder and decoder.</summary>
    public int HiddenDim { get; init; } = VaeSignature.Default.Architecture.HiddenDim;

    /// <summary>Adam learning rate.</summary>
    public double Lr { get; init; } = new TrainingSettings().LearningRate;

    /// <summary>Seed of initialisation, shuffling and sampling noise.</summary>
    public int Seed { get; init; } = new TrainingSettings().Seed;

    /// <summary>Folder with the four MNIST-layout IDX files (.gz or raw).</summary>
    public string Data { get; init; } = new TrainingSettings().Data;

    /// <summary>Folder for weights, checkpoint, history and ONNX files.</summary>
    public string Out { get; init; } = "models";

    /// <summary>Where to train.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>CPU threads for TorchSharp; 0 means all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Checkpoint to continue from (null: start fresh).</summary>
    public string? Resume { get; init; }

    /// <summary>Use only the first N training images (0: all).</summary>
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test images (0: all).</summary>
    public int TestLimit { get; init; }

    /// <summary>Skip the ONNX export at the end (the latent classifier too).</summary>
    public bool NoExport { get; init; }

    /// <summary>Skip fitting and exporting the latent classifier (<c>classifier.onnx</c>).</summary>
    public bool NoClassifier { get; init; }

    /// <summary>The switches given on the command line (a resumed run refuses those that contradict its checkpoint).</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    /// <summary>How these options train (the part of them that changes the numbers).</summary>
    public TrainingSettings ToSettings() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = Lr,
        Seed = Seed,
        Beta = Beta,
        Precision = Precision,
        Data = Data,
        TrainLimit = TrainLimit,
        TestLimit = TestLimit,
    };

    /// <summary>The model these options describe, for images of <paramref name="image"/>.</summary>
    public VaeSignature ToSignature(ImageShape image) => new()
    {
        Architecture = Arch == Architecture.Conv ? ArchitectureSpec.Conv(HiddenDim) : ArchitectureSpec.Mlp(HiddenDim),
        Image = image,
        LatentDim = LatentDim,
        Conditioning = Conditional ? Conditioning.ClassLabel(MnistDataset.Classes) : Conditioning.None,
    };
}
