using System.Diagnostics;
using System.Globalization;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>
/// The 2-D views of the test μ beyond the primary plane, and how trustworthy each is: t-SNE when the latent space
/// has more than two dimensions (or when asked), then for every view its trustworthiness against μ and its
/// leave-one-out 1-NN accuracy, and the 1-NN accuracy in the latent space itself for comparison.
/// </summary>
public static class LatentViewStage
{
    /// <summary>Whether a t-SNE view is computed for a latent space of <paramref name="latentDim"/> dimensions, or why not.</summary>
    public static string? WhyNoTSne(TSneMode mode, int latentDim, int count, double perplexity) => mode switch
    {
        TSneMode.Never => "t-SNE off (--no-tsne)",
        TSneMode.Auto when latentDim <= 2 => $"no t-SNE: the {latentDim}-D latent space is shown as it is (--tsne adds one)",
        _ when count <= perplexity => string.Create(CultureInfo.InvariantCulture, $"no t-SNE: perplexity {perplexity} needs more than {count} points"),
        _ => null,
    };

    /// <summary>The t-SNE of <paramref name="mu"/> as a plane (x, y per point).</summary>
    public static TSneRun TSne(float[] mu, int count, int latentDim, EvaluationOptions options)
    {
        var clock = Stopwatch.StartNew();
        var settings = new TSneSettings { Perplexity = options.TSnePerplexity, MaxDegreeOfParallelism = options.EffectiveThreads };
        var result = Analysis.TSne.Embed(mu.AsSpan(0, count * latentDim), count, latentDim, settings);
        return new TSneRun(settings, result, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The t-SNE embedding as a plane of the test labels.</summary>
    public static LatentPlane Plane(TSneRun run, byte[] labels)
    {
        int n = labels.Length;
        var xs = new double[n];
        var ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = run.Result.Embedding[2 * i];
            ys[i] = run.Result.Embedding[(2 * i) + 1];
        }
        string note = string.Create(CultureInfo.InvariantCulture,
            $"t-SNE (perplexity {run.Settings.Perplexity}, Barnes–Hut θ {run.Settings.Theta}, {run.Settings.Iterations} steps, PCA start): neighbourhoods mean something, distances between clusters do not");
        return new LatentPlane(xs, ys, labels, "t-SNE 1", "t-SNE 2", note) { Method = EmbeddingMethod.TSne };
    }

    /// <summary>
    /// Every view with its <see cref="ViewQuality"/> (the latent axes of a 2-D space are trusted completely by
    /// definition, so only their 1-NN accuracy is measured; so is every view of fewer than 2k points, where
    /// trustworthiness is not defined: NaN), and the 1-NN accuracy of μ itself.
    /// </summary>
    public static (LatentPlane[] Planes, double LatentOneNn) Measure(IReadOnlyList<LatentPlane> planes, float[] mu, int latentDim, int threads)
    {
        int n = planes[0].Count;
        int k = Math.Min(Trustworthiness.DefaultNeighbours, n - 1);
        bool defined = Trustworthiness.DefaultNeighbours < n / 2.0;
        var labels = planes[0].Labels;
        var neighbours = planes.Select(p => VantagePointTree.Build(p.Interleaved(), n, 2).AllNeighbours(k, threads).Indices).ToArray();
        var measured = planes.Select(p => p.Method != EmbeddingMethod.Latent && defined).ToArray();
        var trust = measured.Any(m => m)
            ? Trustworthiness.Compute(mu.AsSpan(0, n * latentDim), n, latentDim, [.. neighbours.Where((_, v) => measured[v])], k, threads)
            : [];
        var result = new LatentPlane[planes.Count];
        for (int v = 0, t = 0; v < planes.Count; v++)
        {
            double trustworthiness = measured[v] ? trust[t++] : planes[v].Method == EmbeddingMethod.Latent ? 1.0 : double.NaN;
            result[v] = planes[v] with
            {
                Quality = new ViewQuality(trustworthiness, NeighbourAccuracy.OneNearest(neighbours[v], k, labels), Trustworthiness.DefaultNeighbours),
            };
        }
        double latentOneNn = planes[0].Method == EmbeddingMethod.Latent
            ? result[0].Quality!.OneNnAccuracy
            : NeighbourAccuracy.OneNearest(VantagePointTree.Build(mu.AsSpan(0, n * latentDim), n, latentDim).AllNeighbours(1, threads).Indices, 1, labels);
        return (result, latentOneNn);
    }
}
