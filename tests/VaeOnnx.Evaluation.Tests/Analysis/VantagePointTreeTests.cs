using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Tests.Analysis;

public sealed class VantagePointTreeTests
{
    // The k smallest by (distance, index), the point itself excluded: what the tree must return.
    private static int[] BruteForce(float[] points, int count, int dimension, int k)
    {
        var result = new int[count * k];
        for (int i = 0; i < count; i++)
        {
            var order = Enumerable.Range(0, count).Where(j => j != i)
                .Select(j => (Distance: Math.Sqrt(Enumerable.Range(0, dimension).Sum(c => Math.Pow((double)points[(i * dimension) + c] - points[(j * dimension) + c], 2))), Index: j))
                .OrderBy(x => x.Distance).ThenBy(x => x.Index).Take(k).Select(x => x.Index).ToArray();
            order.CopyTo(result, i * k);
        }
        return result;
    }

    private static float[] Random(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * dimension).Select(_ => (float)random.NextDouble())];
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 12)]
    [InlineData(8, 10)]
    [InlineData(16, 31)]
    public void AllNeighbours_RandomPoints_MatchBruteForce(int dimension, int k)
    {
        var points = Random(300, dimension, dimension + k);

        var (indices, distances) = VantagePointTree.Build(points, 300, dimension).AllNeighbours(k, maxDegreeOfParallelism: 2);

        Assert.Equal(BruteForce(points, 300, dimension, k), indices);
        for (int i = 0; i < 300 * k; i += k)
        {
            Assert.True(distances.AsSpan(i, k).ToArray().SequenceEqual(distances.AsSpan(i, k).ToArray().Order()), "distances not ascending");
        }
    }

    [Fact]
    public void AllNeighbours_DuplicatesAndTies_LowerIndexFirstAndSelfExcluded()
    {
        // Points on a coarse grid with every position taken three times: many exact ties and zero distances.
        var points = new float[3 * 49 * 2];
        for (int i = 0; i < 3 * 49; i++)
        {
            points[2 * i] = i % 7;
            points[(2 * i) + 1] = (i / 7) % 7;
        }

        var (indices, _) = VantagePointTree.Build(points, 147, 2).AllNeighbours(6);

        Assert.Equal(BruteForce(points, 147, 2, 6), indices);
        Assert.All(Enumerable.Range(0, 147), i => Assert.DoesNotContain(i, indices.AsSpan(i * 6, 6).ToArray()));
    }

    [Fact]
    public void AllNeighbours_KNotBelowCount_Throws()
    {
        var tree = VantagePointTree.Build(Random(10, 2, 1), 10, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => tree.AllNeighbours(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.AllNeighbours(0));
    }
}
