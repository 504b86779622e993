using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

/// <summary>Trustworthiness and 1-NN accuracy against scikit-learn on the committed fixture (make_embedding_golden.py).</summary>
public sealed class NeighbourQualityTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public void Trustworthiness_Fixture_MatchesScikitLearn(int k)
    {
        var (x, n, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var (y, _, _) = EmbeddingGolden.Matrix("trust_y.npy");
        var (view, _) = VantagePointTree.Build(y, n, 2).AllNeighbours(k);

        double t = Trustworthiness.Compute(x, n, d, [view], k, maxDegreeOfParallelism: 2)[0];

        double expected = EmbeddingGolden.Trust.GetProperty("trustworthiness").GetProperty(k.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble();
        Assert.Equal(expected, t, 1e-9);
    }

    [Fact]
    public void Trustworthiness_SeveralViews_EachAsAlone()
    {
        var (x, n, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var (y, _, _) = EmbeddingGolden.Matrix("trust_y.npy");
        var (fromY, _) = VantagePointTree.Build(y, n, 2).AllNeighbours(12);
        var (fromX, _) = VantagePointTree.Build(x, n, d).AllNeighbours(12);

        var both = Trustworthiness.Compute(x, n, d, [fromX, fromY], 12);

        // The original space's own neighbours are trusted completely.
        Assert.Equal(1.0, both[0], 12);
        Assert.Equal(Trustworthiness.Compute(x, n, d, [fromY], 12)[0], both[1], 12);
    }

    [Fact]
    public void Trustworthiness_KNotBelowHalfTheCount_Throws()
    {
        var (x, _, d) = EmbeddingGolden.Matrix("trust_x.npy");
        Assert.Throws<ArgumentException>(() => Trustworthiness.Compute(x.AsSpan(0, 20 * d), 20, d, [new int[20 * 10]], 10));
    }

    [Fact]
    public void OneNearest_Fixture_MatchesScikitLearnInBothSpaces()
    {
        var (x, n, d) = EmbeddingGolden.Matrix("trust_x.npy");
        var (y, _, _) = EmbeddingGolden.Matrix("trust_y.npy");
        var labels = EmbeddingGolden.Labels("trust_labels.npy");

        double high = NeighbourAccuracy.OneNearest(VantagePointTree.Build(x, n, d).AllNeighbours(1).Indices, 1, labels);
        double low = NeighbourAccuracy.OneNearest(VantagePointTree.Build(y, n, 2).AllNeighbours(3).Indices, 3, labels);

        Assert.Equal(EmbeddingGolden.Trust.GetProperty("oneNnAccuracyHigh").GetDouble(), high, 12);
        Assert.Equal(EmbeddingGolden.Trust.GetProperty("oneNnAccuracyEmbedding").GetDouble(), low, 12);
    }
}
