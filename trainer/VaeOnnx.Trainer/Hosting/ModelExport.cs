using System.Diagnostics;
using System.Globalization;
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

    /// <summary>The console line about the latent classifier.</summary>
    public static string Describe(ClassifierRecord classifier, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"latent classifier ({classifier.Hidden} hidden) fitted and exported in {elapsed.TotalSeconds:F2} s: accuracy train {classifier.TrainAccuracy:F4}, test {classifier.TestAccuracy:F4}; ONNX Runtime parity: {classifier.Parity?.Describe()}");

    /// <summary>
    /// Loads the checkpoint's weights into a model of its signature and exports it to <paramref name="outDir"/>; unless
    /// <paramref name="noClassifier"/>, also fits and exports the latent classifier as training does (same seed, same
    /// splits: the same file for the same thread count).
    /// </summary>
    public int Execute(string checkpointPath, string? outDir, string? dataDir, int threads, bool noClassifier)
    {
        NativeSetup.Configure(threads);
        var header = Checkpoint.ReadHeader(checkpointPath);
        string output = outDir ?? Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        string data = dataDir ?? header.Training.Data;
        var test = MnistDataset.Load(data, DatasetSplit.Test).Take(TrainingRun.Limit(header.Training.TestLimit));
        var dataset = new DatasetRecord(data, new DirectoryInfo(data).Name, MnistDataset.Fingerprint(data), header.Training.TrainLimit, test.Count);
        using var model = new Vae(header.Signature);
        Checkpoint.Load(checkpointPath, model, optimizer: null);
        using var images = TensorDataset.From(test, CPU, withLabels: header.Signature.IsConditional);
        var info = Info(dataset, header.Training, header.State.History, TrainingRun.GitCommit());
        var parity = VaeOnnxExport.Export(model, output, info, images, header.Training.Seed);
        progress.Log($"exported {checkpointPath} (after {header.State.History.Count} epochs) to {output}/; ONNX Runtime parity: {parity.Describe()}");
        if (!noClassifier)
        {
            var clock = Stopwatch.StartNew();
            var train = MnistDataset.Load(data, DatasetSplit.Train).Take(TrainingRun.Limit(header.Training.TrainLimit));
            using var trainImages = TensorDataset.From(train, CPU, withLabels: header.Signature.IsConditional);
            var classifier = LatentClassifierTraining.FitAndExport(model, trainImages, train.Labels, images, test.Labels, MnistDataset.Classes,
                output, info, header.Training.Seed);
            progress.Log(Describe(classifier, clock.Elapsed));
        }
        return ExitCodes.Success;
    }
}
