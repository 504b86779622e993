using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>latent_space.png</c>: test-set latent means coloured by digit, with a legend.</summary>
public static class LatentSpaceFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "latent_space.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1200, 1000);

    /// <summary>Renders the figure to PNG bytes.</summary>
    public static byte[] Render(LatentPlane plane)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, plane, markerSize: 3.5f, legend: true);
        string title = $"Latent space of the test set (μ, {plane.Count:N0} images)";
        return FigureTheme.RenderGrid([plot], 1, 1, Size.Width, Size.Height, title, plane.Note);
    }

    /// <summary>
    /// Draws the coloured scatter into <paramref name="plot"/>. Each digit's points are split into chunks drawn
    /// round-robin, so no digit systematically hides the others (matplotlib draws in data order to the same end).
    /// </summary>
    public static void Draw(Plot plot, LatentPlane plane, float markerSize, bool legend, string? title = null)
    {
        const int chunks = 8;
        var xs = new List<double>[10, chunks];
        var ys = new List<double>[10, chunks];
        var seen = new int[10];
        for (int digit = 0; digit < 10; digit++)
        {
            for (int k = 0; k < chunks; k++)
            {
                xs[digit, k] = [];
                ys[digit, k] = [];
            }
        }
        for (int i = 0; i < plane.Count; i++)
        {
            int digit = plane.Labels[i] % 10;
            int k = seen[digit]++ % chunks;
            xs[digit, k].Add(plane.X[i]);
            ys[digit, k].Add(plane.Y[i]);
        }
        for (int k = 0; k < chunks; k++)
        {
            for (int digit = 0; digit < 10; digit++)
            {
                if (xs[digit, k].Count == 0)
                {
                    continue;
                }
                var scatter = plot.Add.ScatterPoints(xs[digit, k].ToArray(), ys[digit, k].ToArray(), FigureTheme.DigitColor(digit).WithAlpha(0.75));
                scatter.MarkerSize = markerSize;
                scatter.MarkerShape = MarkerShape.FilledCircle;
            }
        }
        FigureTheme.Label(plot, title ?? "", plane.XLabel, plane.YLabel);
        if (legend)
        {
            FigureTheme.DigitLegend(plot, Edge.Right);
        }
    }
}
