using TorchSharp;
using VaeOnnx.Contract;
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
            }
        }
        model.eval();
        var record = new ClassifierRecord(string.Join(",", model.Hidden), Epochs, Accuracy(model, trainMu, trainLabels), Accuracy(model, testMu, testLabels), null);
        return (model, record);
    }

    private static double Accuracy(LatentClassifier model, Tensor mu, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = model.call(mu).argmax(1);
        return predicted.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
