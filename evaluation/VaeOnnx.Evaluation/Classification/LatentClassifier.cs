using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace VaeOnnx.Evaluation.Classification;

/// <summary>How the classifier is trained and scored.</summary>
public enum ClassifierProtocol
{
    /// <summary>Fit on the training-set latents, score the test-set latents (the default).</summary>
    TrainTest,

    /// <summary>Seeded 80/20 split of the test-set latents: fit on 80 %, score the other 20 %.</summary>
    TestSplit,
}

/// <summary>Settings of the ML.NET classifiers.</summary>
/// <param name="Trees">Trees per one-vs-rest forest.</param>
/// <param name="Seed">Seed of ML.NET and of the forest.</param>
/// <param name="Threads">Threads for the trainers; null lets ML.NET decide.</param>
public sealed record ClassifierSettings(int Trees = 100, int Seed = 42, int? Threads = null);

/// <summary>Predictions of the classifier on the scored set.</summary>
/// <param name="Labels">True labels of the scored rows.</param>
/// <param name="Predicted">Predicted label per scored row (arg-max of the scores; the lowest class wins ties).</param>
/// <param name="Scores">Class probabilities <c>[rows, classes]</c> row-major (each row sums to 1).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="TrainRows">Rows the classifier was fitted on.</param>
/// <param name="FitSeconds">Time spent fitting (0 for a classifier fitted elsewhere).</param>
/// <param name="ScoreSeconds">Time spent scoring.</param>
public sealed record ClassifierResult(int[] Labels, int[] Predicted, float[] Scores, int Classes, int TrainRows,
    double FitSeconds, double ScoreSeconds)
{
    /// <summary>
    /// The result for class scores <c>[rows, classes]</c> row-major of the rows labelled <paramref name="labels"/>:
    /// each prediction is the arg-max of its row, the lowest class winning ties.
    /// </summary>
    public static ClassifierResult FromScores(ReadOnlySpan<byte> labels, float[] scores, int classes, int trainRows,
        double fitSeconds, double scoreSeconds)
    {
        int n = labels.Length;
        if (scores.Length != (long)n * classes)
        {
            throw new InvalidOperationException($"classifier returned {scores.Length} scores for {n} rows, expected {classes} per row");
        }
        var predicted = new int[n];
        var truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            var row = scores.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            predicted[i] = best;
            truth[i] = labels[i];
        }
        return new ClassifierResult(truth, predicted, scores, classes, trainRows, fitSeconds, scoreSeconds);
    }
}

/// <summary>
/// The classifiers fitted here on latent vectors with ML.NET: RandomForest = <c>OneVersusAll(FastForest)</c>,
/// probabilities normalised per row, and multinomial logistic regression = <c>LbfgsMaximumEntropy</c> (softmax
/// probabilities, ML.NET's default L1 and L2 regularisation of 1 each).
/// </summary>
/// <remarks>
/// The label is mapped to a key with <c>keyOrdinality: ByValue</c> and the full class list as key data, so
/// score slot c is always class c, even when a class is missing from the training rows. The binary trainer
/// inside the one-vs-rest wrapper is told the same (key) label column, as ML.NET requires.
/// </remarks>
public static class LatentClassifier
{
    private const string LabelColumn = "Label";
    private const string KeyColumn = "LabelKey";
    private const string FeaturesColumn = "Features";

    /// <summary>Fits on the training rows and scores the test rows.</summary>
    /// <param name="trainFeatures"><c>[trainRows, dimension]</c> row-major.</param>
    /// <param name="trainLabels">Label per training row, 0..classes-1.</param>
    /// <param name="testFeatures"><c>[testRows, dimension]</c> row-major.</param>
    /// <param name="testLabels">Label per test row.</param>
    /// <param name="dimension">Features per row.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="settings">Trainer settings.</param>
    /// <param name="kind"><see cref="ClassifierKind.Forest"/> or <see cref="ClassifierKind.Logistic"/>.</param>
    public static ClassifierResult FitAndScore(ReadOnlySpan<float> trainFeatures, ReadOnlySpan<byte> trainLabels,
        ReadOnlySpan<float> testFeatures, ReadOnlySpan<byte> testLabels, int dimension, int classes,
        ClassifierSettings settings, ClassifierKind kind = ClassifierKind.Forest)
    {
        CheckShape(trainFeatures, trainLabels, dimension, "training");
        CheckShape(testFeatures, testLabels, dimension, "test");
        var ml = new MLContext(settings.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var train = ml.Data.LoadFromEnumerable(ToRows(trainFeatures, trainLabels, dimension), schema);
        var test = ml.Data.LoadFromEnumerable(ToRows(testFeatures, testLabels, dimension), schema);
        var keys = ml.Data.LoadFromEnumerable(Enumerable.Range(0, classes).Select(c => new KeyRow { Label = c }));

        var labelKeys = ml.Transforms.Conversion
            .MapValueToKey(KeyColumn, LabelColumn, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue, keyData: keys);
        var pipeline = labelKeys.Append(Trainer(ml, settings, kind));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = pipeline.Fit(train);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scored = model.Transform(test);
        var scoreRows = scored.GetColumn<float[]>("Score").ToArray();
        double scoreSeconds = clock.Elapsed.TotalSeconds;

        return ClassifierResult.FromScores(testLabels, [.. scoreRows.SelectMany(row => row)], classes, trainLabels.Length, fitSeconds, scoreSeconds);
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, ClassifierSettings settings, ClassifierKind kind) => kind switch
    {
        ClassifierKind.Forest => ml.MulticlassClassification.Trainers.OneVersusAll(
            ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                LabelColumnName = KeyColumn,
                FeatureColumnName = FeaturesColumn,
                NumberOfTrees = settings.Trees,
                Seed = settings.Seed,
                NumberOfThreads = settings.Threads,
            }),
            labelColumnName: KeyColumn),
        ClassifierKind.Logistic => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = KeyColumn,
            FeatureColumnName = FeaturesColumn,
            NumberOfThreads = settings.Threads,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "ML.NET fits the forest and the logistic regression only"),
    };

    /// <summary>
    /// Splits <paramref name="count"/> row indices into a shuffled training part (<paramref name="trainFraction"/>)
    /// and the rest, reproducibly per seed. Both parts are returned in ascending order.
    /// </summary>
    public static (int[] Train, int[] Test) Split(int count, double trainFraction, int seed)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(indices);
        int trainCount = (int)Math.Round(count * trainFraction);
        return ([.. indices[..trainCount].Order()], [.. indices[trainCount..].Order()]);
    }

    /// <summary>Copies the rows at <paramref name="indices"/> (features and labels).</summary>
    public static (float[] Features, byte[] Labels) Gather(ReadOnlySpan<float> features, ReadOnlySpan<byte> labels,
        int dimension, ReadOnlySpan<int> indices)
    {
        var f = new float[indices.Length * dimension];
        var l = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            features.Slice(indices[i] * dimension, dimension).CopyTo(f.AsSpan(i * dimension, dimension));
            l[i] = labels[indices[i]];
        }
        return (f, l);
    }

    private static void CheckShape(ReadOnlySpan<float> features, ReadOnlySpan<byte> labels, int dimension, string what)
    {
        if (features.Length != (long)labels.Length * dimension)
        {
            throw new ArgumentException($"{what} set: {labels.Length} labels need {labels.Length * dimension} features, got {features.Length}");
        }
        if (labels.IsEmpty)
        {
            throw new ArgumentException($"{what} set is empty");
        }
    }

    private static List<Row> ToRows(ReadOnlySpan<float> features, ReadOnlySpan<byte> labels, int dimension)
    {
        var rows = new List<Row>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            rows.Add(new Row { Label = labels[i], Features = features.Slice(i * dimension, dimension).ToArray() });
        }
        return rows;
    }

    private sealed class Row
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class KeyRow
    {
        public float Label { get; set; }
    }
}
