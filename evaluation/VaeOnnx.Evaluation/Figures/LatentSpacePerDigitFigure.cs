using ScottPlot;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Analysis;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>latent_space_per_digit.png</c>: ten panels, one per digit, for each 2-D view (the latent axes or PCA, then
/// t-SNE when it ran, one view under the other). Every test latent in light grey for context, the digit's own
/// latents in its colour, and contours of a Gaussian kernel density estimate of that digit (Scott's bandwidth)
/// enclosing the densest 25 %, 50 %, 75 % and 95 % of its probability mass.
/// </summary>
public static class LatentSpacePerDigitFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "latent_space_per_digit.png";

    /// <summary>Grid points per side of the density grid.</summary>
    public const int GridSize = 60;

    /// <summary>Probability mass enclosed by each contour (highest-density regions).</summary>
    public static IReadOnlyList<double> Masses { get; } = [0.25, 0.5, 0.75, 0.95];

    /// <summary>Size of the figure in pixels for <paramref name="views"/> views (two rows of five panels each).</summary>
    public static (int Width, int Height) SizeFor(int views) => (2400, 100 + (1000 * Math.Max(views, 1)));

    /// <summary>Renders the figure to PNG bytes; the density grids are computed in parallel.</summary>
    public static byte[] Render(IReadOnlyList<LatentPlane> views, int maxDegreeOfParallelism = -1)
    {
        var panels = new Plot[10 * views.Count];
        var bounds = views.Select(Bounds).ToArray();
        Parallel.For(0, panels.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, p =>
        {
            int v = p / 10, digit = p % 10;
            var (xMin, xMax, yMin, yMax) = bounds[v];
            panels[p] = Panel(views[v], digit, views.Count > 1 ? views[v].Method.Title + " · " : "", xMin, xMax, yMin, yMax);
        });
        string footnote = "contours: Gaussian KDE (Scott's bandwidth) enclosing 25/50/75/95 % of each digit's mass; grey: all digits"
            + (views.Count == 1 && views[0].Note is { } note ? "; " + note : "");
        var (width, height) = SizeFor(views.Count);
        return FigureTheme.RenderGrid(panels, 2 * views.Count, 5, width, height, "Latent space per digit (test set, μ)", footnote);
    }

    /// <summary>
    /// Density levels whose super-level sets hold the given shares of the mass of a density sampled on a regular
    /// grid (cells sorted by density, accumulated until the share is reached).
    /// </summary>
    public static double[] HighestDensityLevels(double[,] density, IReadOnlyList<double> masses)
    {
        var values = density.Cast<double>().Where(double.IsFinite).OrderByDescending(v => v).ToArray();
        double total = values.Sum();
        var levels = new double[masses.Count];
        for (int k = 0; k < masses.Count; k++)
        {
            double target = masses[k] * total, sum = 0;
            levels[k] = values.Length == 0 ? 0 : values[^1];
            foreach (double v in values)
            {
                sum += v;
                if (sum >= target)
                {
                    levels[k] = v;
                    break;
                }
            }
        }
        return levels;
    }

    private static Plot Panel(LatentPlane plane, int digit, string prefix, double xMin, double xMax, double yMin, double yMax)
    {
        var plot = FigureTheme.NewPlot();
        var context = plot.Add.ScatterPoints(plane.X, plane.Y, Color.FromHex("#d0d0d0"));
        context.MarkerSize = 1.5f;
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < plane.Count; i++)
        {
            if (plane.Labels[i] == digit)
            {
                xs.Add(plane.X[i]);
                ys.Add(plane.Y[i]);
            }
        }
        var color = FigureTheme.DigitColor(digit);
        var own = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color.WithAlpha(0.45));
        own.MarkerSize = 3f;
        var kde = GaussianKde2D.TryFit(xs, ys);
        if (kde is not null)
        {
            var density = kde.EvaluateGrid(xMin, xMax, yMin, yMax, GridSize, GridSize, maxDegreeOfParallelism: 1);
            var grid = new Coordinates3d[GridSize, GridSize];
            double dx = (xMax - xMin) / (GridSize - 1), dy = (yMax - yMin) / (GridSize - 1);
            for (int r = 0; r < GridSize; r++)
            {
                for (int c = 0; c < GridSize; c++)
                {
                    grid[r, c] = new Coordinates3d(xMin + (c * dx), yMin + (r * dy), density[r, c]);
                }
            }
            var contours = plot.Add.ContourLines(grid);
            contours.ContourLineLevels = [.. HighestDensityLevels(density, Masses).Distinct().Order()];
            contours.Update(grid);
            contours.LineColor = color.Darken(0.45);
            contours.LineWidth = 2f;
            contours.LabelStyle.IsVisible = false;
        }
        FigureTheme.Label(plot, $"{prefix}digit {digit}  (n = {xs.Count:N0})", plane.XLabel, plane.YLabel);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return plot;
    }

    // Shared limits for all panels: the 0.2–99.8 % range of the points, padded by 15 % so the outer contours fit.
    private static (double XMin, double XMax, double YMin, double YMax) Bounds(LatentPlane plane)
    {
        static (double, double) Range(double[] values)
        {
            var sorted = values.Where(double.IsFinite).Order().ToArray();
            if (sorted.Length == 0)
            {
                return (-1, 1);
            }
            double lo = Quantiles.Linear(sorted, 0.002);
            double hi = Quantiles.Linear(sorted, 0.998);
            double pad = Math.Max((hi - lo) * 0.15, 1e-3);
            return (lo - pad, hi + pad);
        }
        var (x0, x1) = Range(plane.X);
        var (y0, y1) = Range(plane.Y);
        return (x0, x1, y0, y1);
    }
}
