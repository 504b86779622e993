using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Classification;

public sealed class LatentClassifierTests
{
    // Four well separated Gaussian blobs in 2-D, labels 0..3, with a class order that differs from
    // first appearance so a by-appearance key mapping would be caught.
    private static (float[] Features, byte[] Labels) Blobs(int perClass, int seed)
    {
        var random = new Random(seed);
        (double X, double Y)[] centres = [(0, 0), (6, 0), (0, 6), (6, 6)];
        var features = new List<float>();
        var labels = new List<byte>();
        for (int i = 0; i < perClass * 4; i++)
        {
            int c = (i * 3 + 1) % 4;
            features.Add((float)(centres[c].X + Gaussian(random)));
            features.Add((float)(centres[c].Y + Gaussian(random)));
            labels.Add((byte)c);
        }
        return ([.. features], [.. labels]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [InlineData(ClassifierKind.Forest)]
    [InlineData(ClassifierKind.Logistic)]
    public void FitAndScore_SeparableBlobs_HighAccuracyAndScoreSlotsAreClasses(ClassifierKind kind)
    {
        var (trainX, trainY) = Blobs(100, 1);
        var (testX, testY) = Blobs(50, 2);
        var result = LatentClassifier.FitAndScore(trainX, trainY, testX, testY, 2, 4, new ClassifierSettings(Trees: 20, Seed: 3), kind);
        var report = ClassificationReport.Compute(result.Labels, result.Predicted, 4);
        Assert.True(report.Accuracy > 0.95, $"accuracy {report.Accuracy}");
        Assert.Equal(200, result.Labels.Length);
        Assert.Equal(400, result.TrainRows);
        for (int i = 0; i < result.Labels.Length; i++)
        {
            float sum = 0;
            for (int c = 0; c < 4; c++)
            {
                sum += result.Scores[(i * 4) + c];
            }
            Assert.InRange(sum, 0.99f, 1.01f);
        }
        var roc = MulticlassRoc.Compute(result.Labels, result.Scores, 4);
        Assert.True(roc.Micro.Auc > 0.97, $"micro AUC {roc.Micro.Auc}");
    }

    [Fact]
    public void FitAndScore_SameSeed_SamePredictions()
    {
        var (trainX, trainY) = Blobs(40, 4);
        var (testX, testY) = Blobs(20, 5);
        var settings = new ClassifierSettings(Trees: 10, Seed: 7);
        var a = LatentClassifier.FitAndScore(trainX, trainY, testX, testY, 2, 4, settings);
        var b = LatentClassifier.FitAndScore(trainX, trainY, testX, testY, 2, 4, settings);
        Assert.Equal(a.Scores, b.Scores);
    }

    [Theory]
    [InlineData(ClassifierKind.Forest)]
    [InlineData(ClassifierKind.Logistic)]
    public void FitAndScore_ClassMissingFromTraining_KeepsTenScoreSlots(ClassifierKind kind)
    {
        var (trainX, trainY) = Blobs(30, 6);
        var (testX, testY) = Blobs(10, 7);
        var result = LatentClassifier.FitAndScore(trainX, trainY, testX, testY, 2, 10, new ClassifierSettings(Trees: 5), kind);
        Assert.Equal(testY.Length * 10, result.Scores.Length);
        Assert.All(result.Predicted, p => Assert.InRange(p, 0, 3));
    }

    [Fact]
    public void FitAndScore_Mlp_RefusedBecauseTheTrainerFitsIt()
    {
        var (x, y) = Blobs(10, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentClassifier.FitAndScore(x, y, x, y, 2, 4, new ClassifierSettings(), ClassifierKind.Mlp));
    }

    [Fact]
    public void FromScores_TiedScores_LowestClassWins()
    {
        var result = ClassifierResult.FromScores([2, 0], [0.2f, 0.4f, 0.4f, 0.9f, 0.05f, 0.05f], 3, 7, 1, 2);

        Assert.Equal([1, 0], result.Predicted);
        Assert.Equal([2, 0], result.Labels);
        Assert.Equal(7, result.TrainRows);
    }

    [Fact]
    public void Split_IsSeededDisjointAndEightyTwenty()
    {
        var (train, test) = LatentClassifier.Split(1000, 0.8, 42);
        Assert.Equal(800, train.Length);
        Assert.Equal(200, test.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(train, LatentClassifier.Split(1000, 0.8, 42).Train);
        Assert.NotEqual(train, LatentClassifier.Split(1000, 0.8, 43).Train);
    }
}
