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

    /// <summary>Draws the coloured scatter into <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, LatentPlane plane, float markerSize, bool legend, string? title = null)
    {
        for (int digit = 0; digit < 10; digit++)
        {
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
            var scatter = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color.WithAlpha(0.75));
            scatter.MarkerSize = markerSize;
            scatter.MarkerShape = MarkerShape.FilledCircle;
        }
        FigureTheme.Label(plot, title ?? "Test latents by digit", plane.XLabel, plane.YLabel);
        if (legend)
        {
            FigureTheme.DigitLegend(plot, Edge.Right);
        }
    }
}
