using TorchSharp;
using VaeOnnx.Contract;
using VaeOnnx.Training.Export;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// Fits <see cref="LatentClassifier"/> on the training set's posterior means with Adam and cross-entropy, after the
/// VAE; deterministic for a seed and thread count.
/// </summary>
public static class LatentClassifierTraining
{
    /// <summary>Passes over the training means (the net is tiny: the whole fit takes a few seconds on 60k means).</summary>
    public const int Epochs = 20;

    private const int BatchSize = 256;
    private const double LearningRate = 1e-3;

    /// <summary>
    /// Fits a classifier of <paramref name="trainMu"/> [N, latent] to <paramref name="trainLabels"/> (int64 [N]) and
    /// reports its accuracy on both splits.
    /// </summary>
    public static (LatentClassifier Model, ClassifierRecord Record) Fit(Tensor trainMu, Tensor trainLabels, Tensor testMu, Tensor testLabels,
        int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(trainMu);
        ArgumentNullException.ThrowIfNull(trainLabels);
        manual_seed(seed);
        var model = new LatentClassifier((int)trainMu.shape[1], classes);
        model.to(trainMu.device);
        using var optimizer = new FlatAdam(model.parameters(), LearningRate);
        using var generator = new Generator((ulong)seed + 7, trainMu.device);
        long count = trainMu.shape[0];
        model.train();
        int steps = 0;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            using var order = randperm(count, generator: generator, device: trainMu.device);
            for (long start = 0; start < count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var indices = order.narrow(0, start, Math.Min(BatchSize, count - start));
                var loss = nn.functional.cross_entropy(model.call(trainMu.index_select(0, indices)), trainLabels.index_select(0, indices));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                // As in the VAE's loop: the optimizer's step leaves finalizer-only native temporaries behind.
                if (++steps % VaeTrainer.CollectEvery == 0)
                {
                    GC.Collect();
                }
            }
        }
        model.eval();
        var record = new ClassifierRecord(string.Join(",", model.Hidden), Epochs, Accuracy(model, trainMu, trainLabels), Accuracy(model, testMu, testLabels), null);
        return (model, record);
    }

    /// <summary>
    /// The whole step after a VAE, as <c>vae-train</c> and <c>vae-train export</c> both run it: the posterior means
    /// of both splits from <paramref name="vae"/> (eval mode; under the true labels for a conditional model),
    /// <see cref="Fit"/> on the training means with <paramref name="seed"/>, then
    /// <see cref="VaeOnnxExport.ExportClassifier"/> into <paramref name="outputDirectory"/> (parity-checked on the
    /// test means before the file is renamed into place).
    /// </summary>
    /// <param name="vae">The trained VAE.</param>
    /// <param name="train">The training split as the VAE sees it (with labels for a conditional model).</param>
    /// <param name="trainLabels">The digit of every training image.</param>
    /// <param name="test">The test split as the VAE sees it.</param>
    /// <param name="testLabels">The digit of every test image.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="outputDirectory">The model folder.</param>
    /// <param name="info">Run details for the metadata.</param>
    /// <param name="seed">Seed of the classifier's initialisation and shuffling.</param>
    /// <returns>The classifier's record, its parity included.</returns>
    /// <exception cref="OnnxParityException">ONNX Runtime disagreed with TorchSharp; nothing was written.</exception>
    public static ClassifierRecord FitAndExport(Vae vae, TensorDataset train, byte[] trainLabels, TensorDataset test, byte[] testLabels,
        int classes, string outputDirectory, VaeExportInfo info, int seed)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (trainLabels.Length != train.Count || testLabels.Length != test.Count)
        {
            throw new ArgumentException($"need one label per image: {train.Count} train and {test.Count} test images, {trainLabels.Length} and {testLabels.Length} labels");
        }
        using var trainMu = vae.LatentMeans(train);
        using var testMu = vae.LatentMeans(test);
        using var trainTargets = Targets(trainLabels, trainMu.device);
        using var testTargets = Targets(testLabels, testMu.device);
        var (model, record) = Fit(trainMu, trainTargets, testMu, testTargets, classes, seed);
        using (model)
        {
            return record with { Parity = VaeOnnxExport.ExportClassifier(model, vae.Signature, outputDirectory, info, testMu) };
        }
    }

    private static Tensor Targets(byte[] labels, Device device)
    {
        using var bytes = tensor(labels, ScalarType.Byte, device);
        return bytes.to_type(ScalarType.Int64);
    }

    private static double Accuracy(LatentClassifier model, Tensor mu, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = model.call(mu).argmax(1);
        return predicted.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
