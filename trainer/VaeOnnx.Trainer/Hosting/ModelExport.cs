using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>`vae-train export`: ONNX files from any checkpoint, without training.</summary>
internal sealed class ModelExport(ConsoleProgress progress)
{
    /// <summary>The metadata the exporter writes, from what the run knows.</summary>
    public static VaeExportInfo Info(DatasetRecord dataset, TrainingSettings settings, IReadOnlyList<EpochRecord> history, string? gitCommit) => new()
    {
        Dataset = dataset.Name,
        DatasetSha256 = dataset.Sha256,
        Epochs = history.Count,
        Seed = settings.Seed,
        FinalTrainLoss = history.Count > 0 ? history[^1].Train.Loss : double.NaN,
        FinalTestLoss = history.Count > 0 ? history[^1].Test.Loss : double.NaN,
        GitCommit = gitCommit ?? "",
    };

    /// <summary>Loads the checkpoint's weights into a model of its signature and exports it to <paramref name="outDir"/>.</summary>
    public int Execute(string checkpointPath, string? outDir, string? dataDir, int threads)
    {
        NativeThreading.Configure(threads);
        var header = Checkpoint.ReadHeader(checkpointPath);
        string output = outDir ?? Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string data = dataDir ?? header.Training.Data;
        var test = MnistDataset.Load(data, DatasetSplit.Test).Take(TrainingRun.Limit(header.Training.TestLimit));
        var dataset = new DatasetRecord(data, new DirectoryInfo(data).Name, MnistDataset.Fingerprint(data), header.Training.TrainLimit, test.Count);
        using var model = new Vae(header.Signature);
        Checkpoint.Load(checkpointPath, model, optimizer: null);
        using var images = TensorDataset.From(test, CPU, withLabels: header.Signature.IsConditional);
        var parity = VaeOnnxExport.Export(model, output, Info(dataset, header.Training, header.State.History, TrainingRun.GitCommit()), images, header.Training.Seed);
        progress.Log($"exported {checkpointPath} (after {header.State.History.Count} epochs) to {output}/; ONNX Runtime parity: {parity.Describe()}");
        return ExitCodes.Success;
    }
}
