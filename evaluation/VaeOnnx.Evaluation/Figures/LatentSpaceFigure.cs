using System.Globalization;
using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>latent_space.png</c>: test-set latent means coloured by digit, one panel per 2-D view (the latent axes or PCA,
/// then t-SNE when it ran), each titled with its method, trustworthiness and 1-NN accuracy; one legend.
/// </summary>
public static class LatentSpaceFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "latent_space.png";

    /// <summary>Size of the figure in pixels for <paramref name="views"/> panels side by side.</summary>
    public static (int Width, int Height) SizeFor(int views) => (200 + (1000 * Math.Max(views, 1)), 1000);

    /// <summary>Renders the views side by side to PNG bytes.</summary>
    public static byte[] Render(IReadOnlyList<LatentPlane> views)
    {
        var panels = views.Select((view, v) =>
        {
            var plot = FigureTheme.NewPlot();
            Draw(plot, view, markerSize: 3.5f, legend: v == views.Count - 1, title: PanelTitle(view));
            return plot;
        }).ToArray();
        string title = $"Latent space of the test set (μ, {views[0].Count:N0} images)";
        var (width, height) = SizeFor(views.Count);
        string? notes = views.Any(v => v.Note is not null) ? string.Join("  ·  ", views.Select(v => v.Note).OfType<string>()) : null;
        return FigureTheme.RenderGrid(panels, 1, panels.Length, width, height, title, notes);
    }

    /// <summary>"PCA: trustworthiness 0.912, 1-NN 0.803" — the method and, once measured, what its neighbourhoods are worth.</summary>
    public static string PanelTitle(LatentPlane view) => view.Quality is not { } q
        ? view.Method.Title
        : view.Method == EmbeddingMethod.Latent
            ? string.Create(CultureInfo.InvariantCulture, $"{view.Method.Title}: 1-NN accuracy {q.OneNnAccuracy:0.000}")
            : string.Create(CultureInfo.InvariantCulture, $"{view.Method.Title}: trustworthiness {q.Trustworthiness:0.000}, 1-NN {q.OneNnAccuracy:0.000}");

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
