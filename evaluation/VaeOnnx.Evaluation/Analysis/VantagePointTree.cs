namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// Exact k-nearest-neighbour search under the Euclidean distance with a vantage-point tree (Yianilos 1993). Every
/// node is one point and the median distance from it to the rest of its subtree: points at most that far go
/// inside, the others outside. A query searches its own side first and the other side only when the ball of its
/// current k-th distance crosses the median sphere, so on the low-dimensional latents here it touches O(log n)
/// nodes. Neighbours are the k smallest by (distance, index), which makes the answer independent of the tree's
/// shape: ties go to the lower index.
/// </summary>
public sealed class VantagePointTree
{
    private readonly double[] _points;
    private readonly int _dimension;

    // The tree in place over positions 0..n-1: the node at position lo holds point _order[lo]; its inside subtree
    // occupies [lo+1, _split[lo]) and its outside subtree [_split[lo], hi).
    private readonly int[] _order;
    private readonly int[] _split;
    private readonly double[] _radius;

    private VantagePointTree(double[] points, int count, int dimension)
    {
        _points = points;
        _dimension = dimension;
        Count = count;
        _order = [.. Enumerable.Range(0, count)];
        _split = new int[count];
        _radius = new double[count];
        // The vantage point of each subtree is drawn at random, the usual choice; the seed only shapes the tree.
        var random = new Random(count);
        var distances = new double[count];
        Build(0, count, random, distances);
    }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>Builds the tree over <paramref name="count"/> rows of <paramref name="dimension"/> values (row-major).</summary>
    public static VantagePointTree Build(ReadOnlySpan<float> points, int count, int dimension)
    {
        CheckShape(points.Length, count, dimension);
        var copy = new double[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            copy[i] = points[i];
        }
        return new VantagePointTree(copy, count, dimension);
    }

    /// <summary>Builds the tree over <paramref name="count"/> rows of <paramref name="dimension"/> values (row-major).</summary>
    public static VantagePointTree Build(ReadOnlySpan<double> points, int count, int dimension)
    {
        CheckShape(points.Length, count, dimension);
        return new VantagePointTree(points.ToArray(), count, dimension);
    }

    /// <summary>
    /// For every point of the tree, its <paramref name="k"/> nearest other points (the point itself excluded by index,
    /// so duplicates still count), nearest first: indices and Euclidean distances, <c>[Count, k]</c> row-major.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not between 1 and <see cref="Count"/> - 1.</exception>
    public (int[] Indices, double[] Distances) AllNeighbours(int k, int maxDegreeOfParallelism = -1)
    {
        if (k < 1 || k >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"need 1 to {Count - 1} neighbours among {Count} points");
        }
        var indices = new int[Count * k];
        var distances = new double[Count * k];
        Parallel.For(0, Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new NeighbourHeap(k),
            (i, _, heap) =>
            {
                heap.Clear();
                Search(0, Count, _points.AsSpan(i * _dimension, _dimension), i, heap);
                heap.DrainAscending(indices.AsSpan(i * k, k), distances.AsSpan(i * k, k));
                return heap;
            },
            _ => { });
        return (indices, distances);
    }

    private static void CheckShape(int length, int count, int dimension)
    {
        if (count < 2 || dimension < 1 || length != (long)count * dimension)
        {
            throw new ArgumentException($"need at least 2 rows of {dimension} values; got {length} values for {count} rows");
        }
    }

    private void Build(int lo, int hi, Random random, double[] distances)
    {
        while (hi - lo > 1)
        {
            int pick = random.Next(lo, hi);
            (_order[lo], _order[pick]) = (_order[pick], _order[lo]);
            var vantage = Row(_order[lo]);
            for (int p = lo + 1; p < hi; p++)
            {
                distances[p] = Distance(vantage, Row(_order[p]));
            }
            // Sorting the subtree by distance to the vantage point puts the median in place (n log² n overall,
            // well under a second for tens of thousands of points).
            Array.Sort(distances, _order, lo + 1, hi - lo - 1);
            int mid = lo + 1 + ((hi - lo - 1) / 2);
            _split[lo] = mid;
            _radius[lo] = distances[mid];
            Build(lo + 1, mid, random, distances);
            lo = mid; // the outside subtree, without another level of recursion
        }
        if (hi - lo == 1)
        {
            _split[lo] = hi;
        }
    }

    private void Search(int lo, int hi, ReadOnlySpan<double> query, int self, NeighbourHeap heap)
    {
        while (lo < hi)
        {
            int point = _order[lo];
            double distance = Distance(query, Row(point));
            if (point != self)
            {
                heap.Offer(distance, point);
            }
            int mid = _split[lo];
            if (mid >= hi)
            {
                return;
            }
            double radius = _radius[lo];
            // Inside points lie within radius of the vantage point, outside points at radius or more: by the
            // triangle inequality a side can hold a neighbour only if its shell comes within the current bound.
            // Equality is searched too, so a tie with a lower index is never missed.
            if (distance < radius)
            {
                Search(lo + 1, mid, query, self, heap);
                if (distance + heap.Bound >= radius)
                {
                    lo = mid;
                    continue;
                }
            }
            else
            {
                Search(mid, hi, query, self, heap);
                if (distance - heap.Bound <= radius)
                {
                    (lo, hi) = (lo + 1, mid);
                    continue;
                }
            }
            return;
        }
    }

    private ReadOnlySpan<double> Row(int index) => _points.AsSpan(index * _dimension, _dimension);

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The k best (distance, index) pairs so far, in a max-heap on (distance, index).</summary>
    private sealed class NeighbourHeap(int capacity)
    {
        private readonly double[] _distances = new double[capacity];
        private readonly int[] _indices = new int[capacity];
        private int _count;

        /// <summary>The k-th distance once the heap is full (nothing farther can enter), +∞ before.</summary>
        public double Bound => _count < capacity ? double.PositiveInfinity : _distances[0];

        public void Clear() => _count = 0;

        public void Offer(double distance, int index)
        {
            if (_count < capacity)
            {
                int at = _count++;
                while (at > 0)
                {
                    int parent = (at - 1) / 2;
                    if (!Before(_distances[parent], _indices[parent], distance, index))
                    {
                        break;
                    }
                    _distances[at] = _distances[parent];
                    _indices[at] = _indices[parent];
                    at = parent;
                }
                _distances[at] = distance;
                _indices[at] = index;
                return;
            }
            if (!Before(distance, index, _distances[0], _indices[0]))
            {
                return;
            }
            SiftDown(distance, index, _count);
        }

        /// <summary>Writes the heap's pairs nearest first and empties it.</summary>
        public void DrainAscending(Span<int> indices, Span<double> distances)
        {
            while (_count > 0)
            {
                int last = --_count;
                indices[last] = _indices[0];
                distances[last] = _distances[0];
                SiftDown(_distances[last], _indices[last], last);
            }
        }

        // (a, i) sorts before (b, j): nearer, or as near with a lower index.
        private static bool Before(double a, int i, double b, int j) => a < b || (a == b && i < j);

        // Puts (distance, index) at the root of the first `count` slots and restores the heap below it.
        private void SiftDown(double distance, int index, int count)
        {
            int at = 0;
            while (true)
            {
                int child = (2 * at) + 1;
                if (child >= count)
                {
                    break;
                }
                if (child + 1 < count && Before(_distances[child], _indices[child], _distances[child + 1], _indices[child + 1]))
                {
                    child++;
                }
                if (!Before(distance, index, _distances[child], _indices[child]))
                {
                    break;
                }
                _distances[at] = _distances[child];
                _indices[at] = _indices[child];
                at = child;
            }
            _distances[at] = distance;
            _indices[at] = index;
        }
    }
}
