using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// The quadtree of Barnes–Hut t-SNE (van der Maaten 2014): 2-D points in square cells, each with its point count
/// and centre of mass, so that the repulsion from a far cell is one interaction with its centre of mass. A cell is
/// far when its width is less than θ times its distance (θ = 0 is exact). Built from the points sorted along a
/// Z-order curve, so that every cell is a contiguous run of them. Forces are summed for groups of nearby points at
/// once: one walk of the tree per group lists the cells far from the group's whole bounding box (hence far from
/// each of its points, so every approximation is one a walk per point would make too) and the points near it, and
/// each point of the group then sums that list with SIMD arithmetic and no branches. Rebuilt every iteration; the
/// arrays are kept between builds.
/// </summary>
public sealed class BarnesHutQuadTree
{
    // Z-order bits per axis: a cell this deep holds whatever lands in it (points equal to 31 bits of the range).
    private const int Depth = 31;

    // A leaf's points interact one by one when the leaf is near; a group's points share one walk of the tree.
    private const int LeafSize = 8;
    private const int GroupSize = 32;

    private Node[] _nodes = new Node[256];
    private int _nodeCount;
    private int[] _children = new int[1024];
    private int _childCount;
    private int[] _groups = new int[64];
    private int _groupCount;
    private long[] _codes = [];
    private int[] _order = [];
    private double[] _sortedX = [];
    private double[] _sortedY = [];
    private double _rootX, _rootY, _rootWidth;

    /// <summary>Number of cells of the last build.</summary>
    public int CellCount => _nodeCount;

    /// <summary>Builds the tree over <paramref name="count"/> points laid out x, y, x, y, ….</summary>
    public void Build(ReadOnlySpan<double> points, int count)
    {
        if (points.Length != 2 * count || count < 1)
        {
            throw new ArgumentException($"need {2 * count} values for {count} 2-D points, got {points.Length}");
        }
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            double x = points[2 * i], y = points[(2 * i) + 1];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                throw new ArgumentException($"point {i} is not finite ({x}, {y})");
            }
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        }
        // A square a little wider than the points, so that the largest ones still fall inside the grid.
        _rootWidth = (Math.Max(maxX - minX, maxY - minY) * (1 + 1e-9)) + 1e-12;
        _rootX = ((minX + maxX) / 2) - (_rootWidth / 2);
        _rootY = ((minY + maxY) / 2) - (_rootWidth / 2);
        Sort(points, count);
        _nodeCount = 0;
        _childCount = 0;
        _groupCount = 0;
        BuildNode(0, count, 0, _rootWidth, inGroup: false);
    }

    /// <summary>
    /// The repulsion on every built point from all the others: <paramref name="z"/>[i] = Σⱼ qᵢⱼ (point i's share of
    /// t-SNE's normaliser Z) and (<paramref name="forces"/>[2i], <paramref name="forces"/>[2i+1]) = Σⱼ qᵢⱼ² (yᵢ − yⱼ),
    /// with qᵢⱼ = 1 / (1 + |yᵢ − yⱼ|²), in the points' own order. Each point's sums are computed alone, in a fixed
    /// order, so the result does not depend on the threads.
    /// </summary>
    public void Repulsion(double thetaSquared, double[] z, double[] forces, ParallelOptions parallel)
    {
        int count = _order.Length;
        if (z.Length != count || forces.Length != 2 * count)
        {
            throw new ArgumentException($"need {count} values of Z and {2 * count} of force for {count} points");
        }
        Parallel.For(0, _groupCount, parallel, () => new InteractionList(), (g, _, list) =>
        {
            GroupRepulsion(_groups[g], thetaSquared, list, z, forces);
            return list;
        }, _ => { });
    }

    // Sorts the point indices by Z-order code and keeps the coordinates in that order.
    private void Sort(ReadOnlySpan<double> points, int count)
    {
        if (_order.Length != count)
        {
            _codes = new long[count];
            _order = new int[count];
            _sortedX = new double[count];
            _sortedY = new double[count];
        }
        double scale = (1L << Depth) / _rootWidth;
        const long max = (1L << Depth) - 1;
        for (int i = 0; i < count; i++)
        {
            long gx = Math.Clamp((long)((points[2 * i] - _rootX) * scale), 0, max);
            long gy = Math.Clamp((long)((points[(2 * i) + 1] - _rootY) * scale), 0, max);
            _codes[i] = (Spread(gy) << 1) | Spread(gx);
            _order[i] = i;
        }
        Array.Sort(_codes, _order);
        for (int s = 0; s < count; s++)
        {
            _sortedX[s] = points[2 * _order[s]];
            _sortedY[s] = points[(2 * _order[s]) + 1];
        }
    }

    // The 31 low bits of v at the even bit positions.
    private static long Spread(long v)
    {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        return (v | (v << 1)) & 0x5555555555555555L;
    }

    // The cell of sorted points [start, end) at `depth`, its children, and whether it starts a group; its index.
    private int BuildNode(int start, int end, int depth, double width, bool inGroup)
    {
        int index = _nodeCount++;
        if (index == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }
        int count = end - start;
        bool leaf = count <= LeafSize || depth == Depth;
        // Every point in exactly one group: the first cell on the way down that is small enough, or a leaf.
        bool group = !inGroup && (count <= GroupSize || leaf);
        if (group)
        {
            if (_groupCount == _groups.Length)
            {
                Array.Resize(ref _groups, _groups.Length * 2);
            }
            _groups[_groupCount++] = index;
        }
        Span<int> children = stackalloc int[4];
        int childCount = 0;
        if (!leaf)
        {
            // The quadrant of a point at this depth is the next two bits of its code; the sorted points of each
            // quadrant are one run, in the order lower left, lower right, upper left, upper right.
            int shift = 2 * (Depth - 1 - depth);
            int from = start;
            for (long quadrant = 0; quadrant < 4 && from < end; quadrant++)
            {
                int to = from;
                while (to < end && ((_codes[to] >> shift) & 3) == quadrant)
                {
                    to++;
                }
                if (to > from)
                {
                    children[childCount++] = BuildNode(from, to, depth + 1, width / 2, inGroup || group);
                }
                from = to;
            }
        }
        int firstChild = _childCount;
        if (_childCount + childCount > _children.Length)
        {
            Array.Resize(ref _children, _children.Length * 2);
        }
        for (int c = 0; c < childCount; c++)
        {
            _children[_childCount++] = children[c];
        }
        double sumX = 0, sumY = 0;
        for (int s = start; s < end; s++)
        {
            sumX += _sortedX[s];
            sumY += _sortedY[s];
        }
        _nodes[index] = new Node
        {
            MassX = sumX / count,
            MassY = sumY / count,
            WidthSquared = width * width,
            Start = start,
            End = end,
            FirstChild = firstChild,
            ChildCount = childCount,
        };
        return index;
    }

    private void GroupRepulsion(int groupIndex, double thetaSquared, InteractionList list, double[] z, double[] forces)
    {
        ref readonly var group = ref _nodes[groupIndex];
        double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
        for (int s = group.Start; s < group.End; s++)
        {
            x0 = Math.Min(x0, _sortedX[s]);
            x1 = Math.Max(x1, _sortedX[s]);
            y0 = Math.Min(y0, _sortedY[s]);
            y1 = Math.Max(y1, _sortedY[s]);
        }
        list.Clear();
        Span<int> stack = stackalloc int[(3 * Depth) + 8];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int index = stack[--top];
            ref readonly var node = ref _nodes[index];
            if (index == groupIndex)
            {
                // The group's own points, itself included (its q = 1 at distance 0 is taken off below).
                list.AddPoints(_sortedX, _sortedY, node.Start, node.End);
                continue;
            }
            if (node.Start <= group.Start && group.End <= node.End)
            {
                // A cell that holds the group: always opened.
                PushChildren(node, stack, ref top);
                continue;
            }
            // Squared distance from the centre of mass to the nearest point of the group's bounding box.
            double dx = Math.Max(Math.Max(x0 - node.MassX, node.MassX - x1), 0);
            double dy = Math.Max(Math.Max(y0 - node.MassY, node.MassY - y1), 0);
            if (node.WidthSquared < thetaSquared * ((dx * dx) + (dy * dy)))
            {
                list.Add(node.MassX, node.MassY, node.End - node.Start);
            }
            else if (node.ChildCount == 0)
            {
                list.AddPoints(_sortedX, _sortedY, node.Start, node.End);
            }
            else
            {
                PushChildren(node, stack, ref top);
            }
        }
        list.Pad();
        for (int s = group.Start; s < group.End; s++)
        {
            var (zs, fx, fy) = list.Sum(_sortedX[s], _sortedY[s]);
            int i = _order[s];
            z[i] = zs - 1;
            forces[2 * i] = fx;
            forces[(2 * i) + 1] = fy;
        }
    }

    private void PushChildren(in Node node, Span<int> stack, ref int top)
    {
        for (int c = node.FirstChild; c < node.FirstChild + node.ChildCount; c++)
        {
            stack[top++] = _children[c];
        }
    }

    private struct Node
    {
        public double MassX, MassY, WidthSquared;
        public int Start, End;             // the run of sorted points in the cell
        public int FirstChild, ChildCount; // the cell's non-empty children, in _children
    }

    /// <summary>What one group interacts with: centres of mass with their counts, and single points (count 1).</summary>
    private sealed class InteractionList
    {
        private double[] _x = new double[1024];
        private double[] _y = new double[1024];
        private double[] _count = new double[1024];
        private int _length;

        public void Clear() => _length = 0;

        public void Add(double x, double y, int count)
        {
            Reserve(1);
            _x[_length] = x;
            _y[_length] = y;
            _count[_length++] = count;
        }

        public void AddPoints(double[] xs, double[] ys, int start, int end)
        {
            Reserve(end - start);
            xs.AsSpan(start, end - start).CopyTo(_x.AsSpan(_length));
            ys.AsSpan(start, end - start).CopyTo(_y.AsSpan(_length));
            _count.AsSpan(_length, end - start).Fill(1);
            _length += end - start;
        }

        // Count-0 entries up to a whole number of vectors: they add nothing.
        public void Pad()
        {
            int padded = (_length + 3) & ~3;
            Reserve(padded - _length);
            _x.AsSpan(_length, padded - _length).Clear();
            _y.AsSpan(_length, padded - _length).Clear();
            _count.AsSpan(_length, padded - _length).Clear();
            _length = padded;
        }

        /// <summary>(Σ c·q, Σ c·q²·dx, Σ c·q²·dy) over the list for the point (x, y), four entries at a time.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public (double Z, double X, double Y) Sum(double x, double y)
        {
            var px = Vector256.Create(x);
            var py = Vector256.Create(y);
            var one = Vector256.Create(1.0);
            Vector256<double> z = Vector256<double>.Zero, fx = z, fy = z;
            ref double xs = ref MemoryMarshal.GetArrayDataReference(_x);
            ref double ys = ref MemoryMarshal.GetArrayDataReference(_y);
            ref double cs = ref MemoryMarshal.GetArrayDataReference(_count);
            for (nuint k = 0; k < (nuint)_length; k += 4)
            {
                var dx = px - Vector256.LoadUnsafe(ref xs, k);
                var dy = py - Vector256.LoadUnsafe(ref ys, k);
                var q = one / (one + (dx * dx) + (dy * dy));
                var cq = Vector256.LoadUnsafe(ref cs, k) * q;
                z += cq;
                var cqq = cq * q;
                fx += cqq * dx;
                fy += cqq * dy;
            }
            return (Vector256.Sum(z), Vector256.Sum(fx), Vector256.Sum(fy));
        }

        private void Reserve(int extra)
        {
            if (_length + extra > _x.Length)
            {
                int size = Math.Max(_x.Length * 2, _length + extra);
                Array.Resize(ref _x, size);
                Array.Resize(ref _y, size);
                Array.Resize(ref _count, size);
            }
        }
    }
}
