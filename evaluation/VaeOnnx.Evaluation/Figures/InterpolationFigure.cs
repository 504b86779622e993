using System.Globalization;
using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>interpolation.png</c>: for several pairs of test digits, the decoder applied along the straight line between
/// their latent means (both ends included), one pair per row.
/// </summary>
public static class InterpolationFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "interpolation.png";

    /// <summary>Width of the figure in pixels (the height follows from the number of rows).</summary>
    public const int Width = 1500;

    /// <summary>Size of the figure in pixels for <paramref name="rows"/> pairs of <paramref name="steps"/> steps.</summary>
    public static (int Width, int Height) SizeFor(int rows, int steps) =>
        (Width, ImageTiles.FittedHeight(Width, Math.Max(rows, 1), Math.Max(steps, 1), ImageTiles.Gap, 110, 110));

    /// <summary>Renders the rows to PNG bytes.</summary>
    public static byte[] Render(InterpolationRows rows)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, rows, "Latent interpolation between test digits (decoder along μ₁ → μ₂)");
        var (width, height) = SizeFor(rows.Pairs.Count, rows.Steps);
        return FigureTheme.RenderPng(plot, width, height);
    }

    /// <summary>Draws the rows into <paramref name="plot"/>, labelled "a → b" on the left.</summary>
    public static void Draw(Plot plot, InterpolationRows rows, string title, int? maxRows = null, bool stepLabels = true)
    {
        int count = Math.Min(rows.Pairs.Count, maxRows ?? int.MaxValue);
        int pixels = ImageTiles.Side * ImageTiles.Side;
        ImageTiles.AddMosaic(plot, ImageTiles.Mosaic(rows.Images.AsSpan(0, count * rows.Steps * pixels), count, rows.Steps));
        plot.Title(title, FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < count; r++)
        {
            left.AddMajor(ImageTiles.RowCentre(r, count),
                string.Create(CultureInfo.InvariantCulture, $"{rows.Pairs[r].From} → {rows.Pairs[r].To}"));
        }
        plot.Axes.Left.TickGenerator = left;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < rows.Steps; c++)
        {
            double t = rows.Steps == 1 ? 0 : c / (double)(rows.Steps - 1);
            bottom.AddMajor(ImageTiles.ColumnCentre(c), stepLabels ? string.Create(CultureInfo.InvariantCulture, $"t={t:0.##}") : "");
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
    }
}
