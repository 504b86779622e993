namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// The quadtree of Barnes–Hut t-SNE (van der Maaten 2014): 2-D points in square cells, each cell with its point
/// count and centre of mass, so that the repulsion a point feels from a far cell is taken as one interaction with
/// its centre of mass. A cell is far when its width is less than θ times its distance (θ = 0 is exact). Points
/// that coincide share a leaf. Rebuilt every iteration; the arrays are kept between builds.
/// </summary>
public sealed class BarnesHutQuadTree
{
    // Cells as deep as this hold whatever lands in them: only points equal to ~52 bits coincide there.
    private const int MaxDepth = 64;

    private Cell[] _cells = new Cell[64];
    private Node[] _nodes = [];
    private long[] _keys = [];
    private int _cellCount;

    /// <summary>Number of cells of the last build.</summary>
    public int CellCount => _cellCount;

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
        // A little wider than the points, so that the largest ones fall inside the root's half-open quadrants.
        double half = (Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9)) + 1e-12;
        _cellCount = 0;
        NewCell((minX + maxX) / 2, (minY + maxY) / 2, half);
        for (int i = 0; i < count; i++)
        {
            Insert(points[2 * i], points[(2 * i) + 1]);
        }
        // What a walk reads, packed into 32 bytes a cell. A leaf's mass sits at its first point (all of its points,
        // short of MaxDepth), exactly, so that a point recognises its own leaf by a distance of 0.
        if (_nodes.Length < _cellCount)
        {
            _nodes = new Node[_cells.Length];
        }
        for (int c = 0; c < _cellCount; c++)
        {
            ref readonly var cell = ref _cells[c];
            bool leaf = cell.FirstChild < 0;
            _nodes[c] = new Node
            {
                MassX = leaf ? cell.PointX : cell.SumX / cell.Count,
                MassY = leaf ? cell.PointY : cell.SumY / cell.Count,
                WidthSquared = 4 * cell.HalfWidth * cell.HalfWidth,
                Count = cell.Count,
                FirstChild = cell.FirstChild,
            };
        }
    }

    /// <summary>
    /// The repulsion on the point (<paramref name="x"/>, <paramref name="y"/>), which must be one of the built
    /// points, from all the others: returns Σⱼ qᵢⱼ (the point's share of t-SNE's normaliser Z) and sets
    /// (<paramref name="forceX"/>, <paramref name="forceY"/>) = Σⱼ qᵢⱼ² (yᵢ − yⱼ), with qᵢⱼ = 1 / (1 + |yᵢ − yⱼ|²).
    /// </summary>
    public double Repulsion(double x, double y, double thetaSquared, out double forceX, out double forceY)
    {
        Span<int> stack = stackalloc int[(3 * MaxDepth) + 8];
        var nodes = _nodes;
        int top = 0;
        stack[top++] = 0;
        double z = 0, fx = 0, fy = 0;
        while (top > 0)
        {
            ref readonly var node = ref nodes[stack[--top]];
            double dx = x - node.MassX, dy = y - node.MassY;
            double d2 = (dx * dx) + (dy * dy);
            if (node.FirstChild < 0 || node.WidthSquared < thetaSquared * d2)
            {
                if (d2 == 0 && node.FirstChild < 0)
                {
                    // The point's own leaf: the other points in it coincide with it (q = 1, no force).
                    z += node.Count - 1;
                    continue;
                }
                double q = 1 / (1 + d2);
                double nq = node.Count * q;
                z += nq;
                fx += nq * q * dx;
                fy += nq * q * dy;
                continue;
            }
            // Only non-empty children: an empty one would cost a visit for nothing.
            for (int k = node.FirstChild; k < node.FirstChild + 4; k++)
            {
                if (nodes[k].Count > 0)
                {
                    stack[top++] = k;
                }
            }
        }
        forceX = fx;
        forceY = fy;
        return z;
    }

    /// <summary>
    /// Point indices in the order of a depth-first walk of the tree (children lower left, lower right, upper
    /// left, upper right): neighbours in the plane end up near each other, so walking the points in this order
    /// keeps the cells the next point needs in the cache.
    /// </summary>
    public void SpatialOrder(ReadOnlySpan<double> points, Span<int> order)
    {
        int count = points.Length / 2;
        var keys = _keys.Length >= count ? _keys : (_keys = new long[count]);
        var cell = _cells[0];
        double scale = (1 << 20) / (2 * cell.HalfWidth);
        for (int i = 0; i < count; i++)
        {
            // 20 bits per axis, interleaved y-bit over x-bit: the same order as the children of every cell.
            long gx = Math.Clamp((long)((points[2 * i] - (cell.CenterX - cell.HalfWidth)) * scale), 0, (1 << 20) - 1);
            long gy = Math.Clamp((long)((points[(2 * i) + 1] - (cell.CenterY - cell.HalfWidth)) * scale), 0, (1 << 20) - 1);
            keys[i] = (Spread(gy) << 1) | Spread(gx);
            order[i] = i;
        }
        keys.AsSpan(0, count).Sort(order[..count]);
    }

    // The 20 low bits of v at the even bit positions.
    private static long Spread(long v)
    {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        return (v | (v << 1)) & 0x5555555555555555L;
    }

    private void Insert(double x, double y)
    {
        int at = 0;
        for (int depth = 0; ; depth++)
        {
            ref var cell = ref _cells[at];
            if (cell.FirstChild >= 0)
            {
                cell.SumX += x;
                cell.SumY += y;
                cell.Count++;
                at = cell.FirstChild + Quadrant(cell, x, y);
                continue;
            }
            if (cell.Count == 0 || (cell.PointX == x && cell.PointY == y) || depth >= MaxDepth)
            {
                if (cell.Count == 0)
                {
                    cell.PointX = x;
                    cell.PointY = y;
                }
                cell.SumX += x;
                cell.SumY += y;
                cell.Count++;
                return;
            }
            Split(at);
            // The cell is internal now and holds its old points in one child: go round again to place the new one.
            depth--;
        }
    }

    // Turns leaf `at` into an internal cell whose old points (all at its point) move into the matching child.
    private void Split(int at)
    {
        var parent = _cells[at];
        double quarter = parent.HalfWidth / 2;
        int first = _cellCount;
        for (int k = 0; k < 4; k++)
        {
            NewCell(parent.CenterX + ((k & 1) == 0 ? -quarter : quarter), parent.CenterY + ((k & 2) == 0 ? -quarter : quarter), quarter);
        }
        ref var child = ref _cells[first + Quadrant(parent, parent.PointX, parent.PointY)];
        child.PointX = parent.PointX;
        child.PointY = parent.PointY;
        child.SumX = parent.SumX;
        child.SumY = parent.SumY;
        child.Count = parent.Count;
        _cells[at].FirstChild = first;
    }

    private void NewCell(double centerX, double centerY, double halfWidth)
    {
        if (_cellCount == _cells.Length)
        {
            Array.Resize(ref _cells, _cells.Length * 2);
        }
        _cells[_cellCount++] = new Cell { CenterX = centerX, CenterY = centerY, HalfWidth = halfWidth, FirstChild = -1 };
    }

    // Children are numbered x-bit + 2·y-bit: 0 lower left, 1 lower right, 2 upper left, 3 upper right.
    private static int Quadrant(in Cell cell, double x, double y) => (x >= cell.CenterX ? 1 : 0) + (y >= cell.CenterY ? 2 : 0);

    private struct Cell
    {
        public double CenterX, CenterY, HalfWidth;
        public double SumX, SumY;
        public double PointX, PointY; // the first point of a leaf (all of a leaf's points, unless at MaxDepth)
        public int Count;
        public int FirstChild; // -1 for a leaf; else the first of four consecutive children
    }

    private struct Node
    {
        public double MassX, MassY, WidthSquared;
        public int Count, FirstChild;
    }
}
