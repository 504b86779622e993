namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// How far the nearest neighbours of a low-dimensional view can be trusted (Venna &amp; Kaski 2001), as
/// scikit-learn's <c>sklearn.manifold.trustworthiness</c>: with r(i, j) the rank of j among the original-space
/// neighbours of i (1 = nearest) and Uₖ(i) the k nearest neighbours of i in the view,
/// T = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uₖ(i)} max(0, r(i, j) − k). 1 means every neighbour in the view is a
/// neighbour in the original space; intruders from far away lower it. Exact: each point's distances to all others
/// in the original space are computed once and shared by every view (O(n² d) in all, in parallel over points).
/// </summary>
public static class Trustworthiness
{
    /// <summary>The neighbourhood size the evaluation reports (scikit-learn's default is 5; 12 looks a little wider).</summary>
    public const int DefaultNeighbours = 12;

    /// <summary>
    /// The trustworthiness of each view of <paramref name="count"/> points (<paramref name="original"/>: row-major,
    /// <paramref name="dimension"/> values each). A view is given by its <paramref name="k"/> nearest neighbours
    /// per point (<c>[count, k]</c>, the point itself excluded), e.g. from <see cref="VantagePointTree.AllNeighbours"/>.
    /// </summary>
    /// <exception cref="ArgumentException">k is not below count / 2 (the formula's range), or shapes disagree.</exception>
    public static double[] Compute(ReadOnlySpan<float> original, int count, int dimension, IReadOnlyList<int[]> viewNeighbours, int k,
        int maxDegreeOfParallelism = -1)
    {
        if (original.Length != (long)count * dimension || dimension < 1)
        {
            throw new ArgumentException($"need {count} rows of {dimension} values, got {original.Length} values");
        }
        if (k < 1 || k >= count / 2.0)
        {
            throw new ArgumentException($"trustworthiness needs 1 <= k < n/2 neighbours (k {k}, n {count})");
        }
        if (viewNeighbours.Any(v => v.Length != count * k))
        {
            throw new ArgumentException($"each view needs {count}×{k} neighbour indices");
        }
        var points = new double[original.Length];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = original[i];
        }
        int views = viewNeighbours.Count;
        var penalties = new long[count * views];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new RowBuffers(count, views * k),
            (i, _, buffers) =>
            {
                Penalties(points, count, dimension, i, viewNeighbours, k, buffers, penalties.AsSpan(i * views, views));
                return buffers;
            },
            _ => { });
        double norm = 2.0 / (count * (double)k * ((2.0 * count) - (3.0 * k) - 1.0));
        var result = new double[views];
        for (int v = 0; v < views; v++)
        {
            long total = 0;
            for (int i = 0; i < count; i++)
            {
                total += penalties[(i * views) + v];
            }
            result[v] = 1 - (norm * total);
        }
        return result;
    }

    // Σ max(0, r(i, j) − k) over the view neighbours j of point i, for every view. r(i, j) = 1 + the number of
    // other points strictly nearer to i than j (ties share the better rank).
    private static void Penalties(double[] points, int count, int dimension, int i, IReadOnlyList<int[]> viewNeighbours, int k,
        RowBuffers buffers, Span<long> penalties)
    {
        var distances = buffers.Distances;
        var row = points.AsSpan(i * dimension, dimension);
        for (int l = 0; l < count; l++)
        {
            var other = points.AsSpan(l * dimension, dimension);
            double sum = 0;
            for (int c = 0; c < dimension; c++)
            {
                double d = row[c] - other[c];
                sum += d * d;
            }
            distances[l] = sum;
        }
        // The distances of all view neighbours, sorted: one pass over the row counts, for each of them, how many
        // points are nearer (a histogram over the sorted thresholds, then a running sum).
        int m = viewNeighbours.Count * k;
        var thresholds = buffers.Thresholds;
        for (int v = 0; v < viewNeighbours.Count; v++)
        {
            for (int n = 0; n < k; n++)
            {
                thresholds[(v * k) + n] = distances[viewNeighbours[v][(i * k) + n]];
            }
        }
        var sorted = buffers.Sorted;
        thresholds.AsSpan(0, m).CopyTo(sorted);
        Array.Sort(sorted, 0, m);
        var nearer = buffers.Nearer;
        Array.Clear(nearer);
        double largest = sorted[m - 1];
        for (int l = 0; l < count; l++)
        {
            double d = distances[l];
            if (l == i || d >= largest)
            {
                continue;
            }
            // d is nearer than every threshold from the first one above it on.
            nearer[UpperBound(sorted, m, d)]++;
        }
        for (int t = 1; t < m; t++)
        {
            nearer[t] += nearer[t - 1];
        }
        for (int v = 0; v < viewNeighbours.Count; v++)
        {
            long penalty = 0;
            for (int n = 0; n < k; n++)
            {
                int index = LowerBound(sorted, m, thresholds[(v * k) + n]);
                long rank = 1 + nearer[index];
                penalty += Math.Max(0, rank - k);
            }
            penalties[v] = penalty;
        }
    }

    // First position whose value is greater than x.
    private static int UpperBound(double[] sorted, int length, double x)
    {
        int lo = 0, hi = length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] > x)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // First position whose value is not less than x.
    private static int LowerBound(double[] sorted, int length, double x)
    {
        int lo = 0, hi = length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private sealed class RowBuffers(int count, int thresholds)
    {
        public double[] Distances { get; } = new double[count];
        public double[] Thresholds { get; } = new double[thresholds];
        public double[] Sorted { get; } = new double[thresholds];
        public long[] Nearer { get; } = new long[thresholds];
    }
}
