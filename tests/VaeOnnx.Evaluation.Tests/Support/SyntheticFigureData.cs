using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>Small deterministic inputs for every figure.</summary>
internal static class SyntheticFigureData
{
    public const int Points = 600;

    public static byte[] Labels { get; } = [.. Enumerable.Range(0, Points).Select(i => (byte)(i % 10))];

    public static LatentPlane Plane(string? note = null)
    {
        var random = new Random(5);
        var xs = new double[Points];
        var ys = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            double angle = Labels[i] * 0.628;
            xs[i] = (2 * Math.Cos(angle)) + Gauss(random) * 0.5;
            ys[i] = (2 * Math.Sin(angle)) + Gauss(random) * 0.5;
        }
        return new LatentPlane(xs, ys, Labels, "z₁", "z₂", note);
    }

    /// <summary>A PCA view and a t-SNE view of the same points, with made-up qualities.</summary>
    public static IReadOnlyList<LatentPlane> Views()
    {
        var plane = Plane("PCA note");
        var spread = plane with
        {
            X = [.. plane.X.Select((x, i) => (x * 3) + Math.Sin(i))],
            Y = [.. plane.Y.Select((y, i) => (y * 3) + Math.Cos(i))],
            XLabel = "t-SNE 1",
            YLabel = "t-SNE 2",
            Note = "t-SNE note",
            Method = EmbeddingMethod.TSne,
            Quality = new ViewQuality(0.987, 0.95, 12),
        };
        return [plane with { Method = EmbeddingMethod.Pca, Quality = new ViewQuality(0.912, 0.803, 12) }, spread];
    }

    public static float[] Images(int count, int seed = 1)
    {
        var (pixels, _) = SyntheticMnist.Make(count, new Random(seed));
        return [.. pixels.Select(p => p / 255f)];
    }

    public static float[] Blurred(float[] images)
    {
        var result = new float[images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            int p = i % 784, x = p % 28;
            float left = x > 0 ? images[i - 1] : images[i];
            float right = x < 27 ? images[i + 1] : images[i];
            result[i] = (left + images[i] + right) / 3f;
        }
        return result;
    }

    public static HistoryFile History() => new(new TrainingHistory
    {
        Signature = VaeSignature.Default,
        Epochs = [.. Enumerable.Range(1, 8).Select(e => new EpochRecord(e,
            new LossTerms(150 + (40.0 / e), 144 + (40.0 / e), 5.7 + (e * 0.02)),
            new LossTerms(151 + (20.0 / e), 145 + (20.0 / e), 5.8 + (e * 0.01)), 2.0, 30_000, 400))],
    }, null);

    public static (ClassificationReport Report, MulticlassRoc Roc) Classifier()
    {
        var random = new Random(9);
        var truth = Labels.Select(l => (int)l).ToArray();
        var scores = new float[Points * 10];
        var predicted = new int[Points];
        for (int i = 0; i < Points; i++)
        {
            float sum = 0;
            for (int c = 0; c < 10; c++)
            {
                float s = (float)random.NextDouble() + (c == truth[i] ? 1.5f : 0);
                scores[(i * 10) + c] = s;
                sum += s;
            }
            int best = 0;
            for (int c = 0; c < 10; c++)
            {
                scores[(i * 10) + c] /= sum;
                if (scores[(i * 10) + c] > scores[(i * 10) + best])
                {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return (ClassificationReport.Compute(truth, predicted, 10), MulticlassRoc.Compute(truth, scores, 10));
    }

    public static ManifoldGrid Manifold(int size = 8)
    {
        var values = Enumerable.Range(0, size).Select(i => -1.5 + (3.0 * i / (size - 1))).ToArray();
        return new ManifoldGrid(Images(size * size, 2), ImageShape.Mnist, size, values, [.. values.Reverse()], "z₁", "z₂", "test grid");
    }

    public static InterpolationRows Interpolation() =>
        new(Images(4 * 10, 3), ImageShape.Mnist, 10, [(0, 6), (1, 7), (3, 8), (4, 9)]);

    private static double Gauss(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
