using System.Diagnostics;
using VaeOnnx.Evaluation.Analysis;
using Xunit.Abstractions;

namespace VaeOnnx.Evaluation.Tests.Analysis;

/// <summary>
/// The t-SNE on 1000 MNIST test images (16 principal components, the committed fixture) against scikit-learn's
/// TSNE on the same data: the similarities must be the same and the embedding as trustworthy.
/// </summary>
public sealed class TSneTests(ITestOutputHelper output)
{
    [Fact]
    public void Affinities_MnistFixture_RowSumsMatchScikitLearn()
    {
        var (x, n, d) = EmbeddingGolden.Matrix("tsne_x.npy");
        int k = EmbeddingGolden.TSne.GetProperty("neighbours").GetInt32();
        var (neighbours, distances) = VantagePointTree.Build(x, n, d).AllNeighbours(k);

        var p = TSneAffinities.Compute(neighbours, distances, n, k, EmbeddingGolden.TSne.GetProperty("perplexity").GetDouble());

        var expected = Golden.Doubles(EmbeddingGolden.TSne.GetProperty("pRowSums"));
        Assert.Equal(EmbeddingGolden.TSne.GetProperty("pNonZero").GetInt32(), p.Columns.Length);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(p.RowSum(i) - expected[i]) <= 1e-6 * expected[i], $"row {i}: {p.RowSum(i)} vs {expected[i]}");
        }
        Assert.Equal(1.0, p.Values.Sum(), 9);
    }

    [Fact]
    public void Affinities_AnyInput_SymmetricWithSortedColumns()
    {
        var (x, n, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var (neighbours, distances) = VantagePointTree.Build(x, n, d).AllNeighbours(31);

        var p = TSneAffinities.Compute(neighbours, distances, n, 31, 10);

        var entries = new Dictionary<(int, int), double>();
        for (int i = 0; i < n; i++)
        {
            var columns = p.Columns.AsSpan(p.RowStart[i], p.RowStart[i + 1] - p.RowStart[i]).ToArray();
            Assert.Equal(columns.Order().Distinct(), columns);
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                entries[(i, p.Columns[e])] = p.Values[e];
            }
        }
        Assert.All(entries, e => Assert.Equal(e.Value, entries[(e.Key.Item2, e.Key.Item1)]));
    }

    [Fact]
    public void Embed_MnistFixture_AsTrustworthyAsScikitLearnsTsne()
    {
        var (x, n, d) = EmbeddingGolden.Matrix("tsne_x.npy");
        var labels = EmbeddingGolden.Labels("tsne_labels.npy");
        var reference = EmbeddingGolden.TSne.GetProperty("sklearnTsne");
        var clock = Stopwatch.StartNew();

        var result = TSne.Embed(x, n, d, new TSneSettings { MaxDegreeOfParallelism = 2 });

        double seconds = clock.Elapsed.TotalSeconds;
        var (view, _) = VantagePointTree.Build(result.Embedding, n, 2).AllNeighbours(Trustworthiness.DefaultNeighbours);
        double trust = Trustworthiness.Compute(x, n, d, [view], Trustworthiness.DefaultNeighbours)[0];
        double oneNn = NeighbourAccuracy.OneNearest(view, Trustworthiness.DefaultNeighbours, labels);
        double sklearnTrust = reference.GetProperty("trustworthiness12").GetDouble();
        output.WriteLine(FormattableString.Invariant(
            $"t-SNE of {n} points: {seconds:0.00} s (neighbours {result.NeighbourSeconds:0.00} s); trustworthiness {trust:0.0000} vs scikit-learn {sklearnTrust:0.0000}; KL {result.KlDivergence:0.000} vs {reference.GetProperty("klDivergence").GetDouble():0.000}; 1-NN {oneNn:0.000} vs {reference.GetProperty("oneNnAccuracy").GetDouble():0.000}"));
        Assert.True(trust >= sklearnTrust - 0.02, $"trustworthiness {trust:0.0000} is more than 0.02 below scikit-learn's {sklearnTrust:0.0000}");
        Assert.True(oneNn >= reference.GetProperty("oneNnAccuracy").GetDouble() - 0.03, $"1-NN accuracy {oneNn:0.000}");
    }

    [Fact]
    public void Embed_OneOrTwoThreads_SameEmbedding()
    {
        var (x, _, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var settings = new TSneSettings { Perplexity = 10, Iterations = 120, ExaggerationIterations = 60 };

        var one = TSne.Embed(x.AsSpan(0, 300 * d), 300, d, settings with { MaxDegreeOfParallelism = 1 });
        var two = TSne.Embed(x.AsSpan(0, 300 * d), 300, d, settings with { MaxDegreeOfParallelism = 2 });

        Assert.Equal(one.Embedding, two.Embedding);
        Assert.Equal(Math.Max(300 / 12.0 / 4, 50), one.LearningRate);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(300.0)]
    public void Embed_PerplexityOutOfRange_Throws(double perplexity)
    {
        var (x, _, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var e = Assert.Throws<ArgumentException>(() => TSne.Embed(x.AsSpan(0, 300 * d), 300, d, new TSneSettings { Perplexity = perplexity }));
        Assert.Contains("perplexity", e.Message, StringComparison.Ordinal);
    }
}
