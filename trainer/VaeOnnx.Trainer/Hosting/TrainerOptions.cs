using System.ComponentModel.DataAnnotations;
using VaeOnnx.Contract;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>
/// Everything a training run can be told. Bound from appsettings.json (section <c>Training</c>), environment
/// variables (<c>VAEONNX_Training__Epochs</c>) and command-line switches (<c>--epochs</c>), in rising priority.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Training";

    /// <summary>Passes over the training set.</summary>
    [Range(1, 10_000)]
    public int Epochs { get; init; } = 20;

    /// <summary>Images per optimisation step.</summary>
    [Range(1, 60_000)]
    public int BatchSize { get; init; } = 128;

    /// <summary>Size of the latent code z.</summary>
    [Range(1, 512)]
    public int LatentDim { get; init; } = VaeSignature.Default.LatentDim;

    /// <summary>Width of the single hidden layer of encoder and decoder.</summary>
    [Range(1, 8192)]
    public int HiddenDim { get; init; } = VaeSignature.Default.Architecture.HiddenDim;

    /// <summary>Adam learning rate.</summary>
    [Range(1e-7, 1.0)]
    public double Lr { get; init; } = 1e-3;

    /// <summary>Seed of initialisation, shuffling and sampling noise.</summary>
    [Range(0, int.MaxValue)]
    public int Seed { get; init; } = 42;

    /// <summary>Folder with the four MNIST-layout IDX files (.gz or raw).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Data { get; init; } = "data/mnist";

    /// <summary>Folder for weights, checkpoint, history and ONNX files.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Out { get; init; } = "models";

    /// <summary>auto (CUDA when present), cpu or cuda.</summary>
    [RegularExpression("^(auto|cpu|cuda)$", ErrorMessage = "must be auto, cpu or cuda")]
    public string Device { get; init; } = "auto";

    /// <summary>CPU threads for TorchSharp; 0 means all cores.</summary>
    [Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>Checkpoint to continue from (empty: start fresh).</summary>
    public string? Resume { get; init; }

    /// <summary>Use only the first N training images (0: all).</summary>
    [Range(0, int.MaxValue)]
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test images (0: all).</summary>
    [Range(0, int.MaxValue)]
    public int TestLimit { get; init; }

    /// <summary>Skip the ONNX export at the end (tests of the loop alone).</summary>
    public bool NoExport { get; init; }

    /// <summary>How these options train (the part of them that changes the numbers).</summary>
    public TrainingSettings ToSettings() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = Lr,
        Seed = Seed,
        Data = Data,
        TrainLimit = TrainLimit,
        TestLimit = TestLimit,
    };

    /// <summary>The model these options describe, for images of <paramref name="image"/>.</summary>
    public VaeSignature ToSignature(ImageShape image) => VaeSignature.Mlp(HiddenDim, LatentDim, image);
}
