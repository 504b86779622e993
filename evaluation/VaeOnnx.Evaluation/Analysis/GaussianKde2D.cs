namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// Two-dimensional Gaussian kernel density estimate with Scott's bandwidth, as SciPy's <c>gaussian_kde</c>:
/// kernel covariance = sample covariance of the points (divisor n-1) × <c>n^(-1/6)</c>².
/// </summary>
public sealed class GaussianKde2D
{
    private readonly double[] _xs;
    private readonly double[] _ys;
    private readonly double _a, _b, _c; // inverse kernel covariance [[a, b], [b, c]]
    private readonly double _norm;

    private GaussianKde2D(double[] xs, double[] ys, double factor, double a, double b, double c, double norm)
    {
        _xs = xs;
        _ys = ys;
        Factor = factor;
        _a = a;
        _b = b;
        _c = c;
        _norm = norm;
    }

    /// <summary>Scott's factor <c>n^(-1/6)</c>.</summary>
    public double Factor { get; }

    /// <summary>Number of points.</summary>
    public int Count => _xs.Length;

    /// <summary>
    /// Fits the estimate, or returns null when it is undefined: fewer than 3 points, or points whose covariance
    /// is singular (all on a line).
    /// </summary>
    public static GaussianKde2D? TryFit(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        int n = xs.Count;
        if (n != ys.Count)
        {
            throw new ArgumentException($"{xs.Count} x values but {ys.Count} y values");
        }
        if (n < 3)
        {
            return null;
        }
        double mx = xs.Average(), my = ys.Average();
        double sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = xs[i] - mx, dy = ys[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        double factor = Math.Pow(n, -1.0 / 6.0);
        double f2 = factor * factor / (n - 1);
        double cxx = sxx * f2, cyy = syy * f2, cxy = sxy * f2;
        double det = (cxx * cyy) - (cxy * cxy);
        if (!(det > 1e-14 * Math.Max(cxx * cyy, double.Epsilon)))
        {
            return null;
        }
        double norm = 1.0 / (2 * Math.PI * Math.Sqrt(det) * n);
        return new GaussianKde2D([.. xs], [.. ys], factor, cyy / det, -cxy / det, cxx / det, norm);
    }

    /// <summary>Density at one point.</summary>
    public double Evaluate(double x, double y)
    {
        double sum = 0;
        for (int i = 0; i < _xs.Length; i++)
        {
            double dx = x - _xs[i], dy = y - _ys[i];
            sum += Math.Exp(-0.5 * ((_a * dx * dx) + (2 * _b * dx * dy) + (_c * dy * dy)));
        }
        return sum * _norm;
    }

    /// <summary>
    /// Density on a regular grid: <c>result[row, col]</c> at <c>y = yMin + row·Δy</c>, <c>x = xMin + col·Δx</c>.
    /// </summary>
    public double[,] EvaluateGrid(double xMin, double xMax, double yMin, double yMax, int columns, int rows,
        int maxDegreeOfParallelism = -1)
    {
        var grid = new double[rows, columns];
        double dx = columns > 1 ? (xMax - xMin) / (columns - 1) : 0;
        double dy = rows > 1 ? (yMax - yMin) / (rows - 1) : 0;
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, r =>
        {
            double y = yMin + (r * dy);
            for (int c = 0; c < columns; c++)
            {
                grid[r, c] = Evaluate(xMin + (c * dx), y);
            }
        });
        return grid;
    }
}
