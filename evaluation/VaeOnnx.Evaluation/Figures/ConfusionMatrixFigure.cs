using System.Globalization;
using ScottPlot;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>confusion_matrix.png</c>: the classifier's confusion matrix as counts and row-normalised (recall per true
/// class on the diagonal), true digit down, predicted digit across.
/// </summary>
public static class ConfusionMatrixFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "confusion_matrix.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (2000, 950);

    /// <summary>Renders both matrices to PNG bytes.</summary>
    public static byte[] Render(ClassificationReport report, string classifierName)
    {
        var counts = FigureTheme.NewPlot();
        DrawCounts(counts, report, "Counts");
        var normalised = FigureTheme.NewPlot();
        DrawNormalised(normalised, report, "Row-normalised (recall on the diagonal)");
        string title = string.Create(CultureInfo.InvariantCulture,
            $"Confusion matrix: {classifierName}, accuracy {report.Accuracy:0.000} on {report.Count:N0} test latents");
        return FigureTheme.RenderGrid([counts, normalised], 1, 2, Size.Width, Size.Height, title);
    }

    /// <summary>Draws the counts.</summary>
    public static void DrawCounts(Plot plot, ClassificationReport report, string title)
    {
        int k = report.Classes;
        var values = new double[k, k];
        double max = 0;
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                values[t, p] = report.ConfusionMatrix[t][p];
                max = Math.Max(max, values[t, p]);
            }
        }
        Draw(plot, values, Math.Max(max, 1), v => v.ToString("0", CultureInfo.InvariantCulture), title, "count", cellFont: k <= 10 ? 14 : 9);
    }

    /// <summary>Draws the row-normalised matrix.</summary>
    public static void DrawNormalised(Plot plot, ClassificationReport report, string title, float cellFont = 14)
    {
        var rows = report.RowNormalized();
        int k = report.Classes;
        var values = new double[k, k];
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                values[t, p] = rows[t][p];
            }
        }
        Draw(plot, values, 1, v => v.ToString("0.00", CultureInfo.InvariantCulture), title, "share of true class", cellFont);
    }

    private static void Draw(Plot plot, double[,] values, double max, Func<double, string> format, string title,
        string colorLabel, float cellFont)
    {
        int k = values.GetLength(0);
        var heatmap = plot.Add.Heatmap(values);
        // ScottPlot's Blues runs dark → light; reversed, zero is white and the largest cell dark blue.
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        heatmap.ManualRange = new ScottPlot.Range(0, max);
        // Cell (t, p) centred at x = p, y = k-1-t: true digit 0 in the top row.
        heatmap.Rectangle = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                double v = values[t, p];
                var text = plot.Add.Text(format(v), p, k - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = cellFont;
                text.LabelFontName = FigureTheme.FontFamily;
                text.LabelBold = t == p;
                text.LabelFontColor = v > 0.55 * max ? Colors.White : Colors.Black;
            }
        }
        var ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        var labels = Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(v => k - 1 - v).ToArray(), labels);
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Axes.SquareUnits();
        plot.Grid.IsVisible = false;
        FigureTheme.Label(plot, title, "predicted digit", "true digit");
        var bar = plot.Add.ColorBar(heatmap);
        bar.Axis.TickLabelStyle.FontSize = FigureTheme.TickSize;
        _ = colorLabel; // the panel title says what the colour means; a bar label would collide with its ticks
    }
}
