using VaeOnnx.Data;
using VaeOnnx.Trainer.Export;
using VaeOnnx.Trainer.Model;
using VaeOnnx.Trainer.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>`vae-train export`: ONNX files from any checkpoint, without training.</summary>
internal sealed class ModelExport(ConsoleProgress progress)
{
    /// <summary>The metadata the exporter writes, from what the run knows.</summary>
    public static VaeExportInfo Info(DatasetInfo dataset, TrainerOptions options, IReadOnlyList<EpochStats> history, string? gitCommit) => new()
    {
        Dataset = dataset.Name,
        DatasetSha256 = dataset.Sha256,
        Epochs = history.Count,
        Seed = options.Seed,
        FinalTrainLoss = history.Count > 0 ? history[^1].Train.Loss : double.NaN,
        FinalTestLoss = history.Count > 0 ? history[^1].Test.Loss : double.NaN,
        GitCommit = gitCommit ?? "",
    };

    /// <summary>Loads the checkpoint's weights into a model of its shape and exports it to <paramref name="outDir"/>.</summary>
    public int Execute(string checkpointPath, string? outDir, string? dataDir, int threads)
    {
        NativeThreading.Configure(threads);
        var (saved, state) = Checkpoint.ReadHeader(checkpointPath);
        string output = outDir ?? Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string data = dataDir ?? saved.Data;
        var test = MnistDataset.Load(data, DatasetSplit.Test).Take(TrainingRun.Limit(saved.TestLimit));
        var dataset = new DatasetInfo(data, new DirectoryInfo(data).Name, MnistDataset.Fingerprint(data), saved.TrainLimit, test.Count);
        using var model = new Vae(saved.HiddenDim, saved.LatentDim, LabeledImages.PixelsPerImage);
        Checkpoint.Load(checkpointPath, model, optimizer: null);
        using var images = TensorDataset.From(test, CPU);
        var parity = VaeOnnxExport.Export(model, output, Info(dataset, saved, state.History, TrainingRun.GitCommit()), images.Images, saved.Seed);
        progress.Log($"exported {checkpointPath} (after {state.History.Count} epochs) to {output}/; ONNX Runtime parity: {parity.Describe()}");
        return ExitCodes.Success;
    }
}
