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

    /// <summary>Size of the figure in pixels for <paramref name="rows"/> (its pairs, steps and image shape).</summary>
    public static (int Width, int Height) SizeFor(InterpolationRows rows) =>
        (Width, new TileLayout(rows.Image, Math.Max(rows.Pairs.Count, 1), Math.Max(rows.Steps, 1)).FittedHeight(Width, 110, 110));

    /// <summary>Renders the rows to PNG bytes.</summary>
    public static byte[] Render(InterpolationRows rows)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, rows, "Latent interpolation between test digits (decoder along μ₁ → μ₂" + (rows.UnderFirstLabel ? ", under the first digit's label)" : ")"));
        var (width, height) = SizeFor(rows);
        return FigureTheme.RenderPng(plot, width, height);
    }

    /// <summary>Draws the rows into <paramref name="plot"/>, labelled "a → b" on the left.</summary>
    public static void Draw(Plot plot, InterpolationRows rows, string title, int? maxRows = null, bool stepLabels = true)
    {
        int count = Math.Min(rows.Pairs.Count, maxRows ?? int.MaxValue);
        var layout = new TileLayout(rows.Image, count, rows.Steps);
        ImageTiles.Add(plot, layout, rows.Images.AsSpan(0, layout.Tiles * rows.Image.Size));
        plot.Title(title, FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < count; r++)
        {
            left.AddMajor(layout.RowCentre(r), string.Create(CultureInfo.InvariantCulture,
                $"{rows.Pairs[r].From} → {rows.Pairs[r].To}{(rows.UnderFirstLabel ? $" as {rows.Pairs[r].From}" : "")}"));
        }
        plot.Axes.Left.TickGenerator = left;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < rows.Steps; c++)
        {
            double t = rows.Steps == 1 ? 0 : c / (double)(rows.Steps - 1);
            bottom.AddMajor(layout.ColumnCentre(c), stepLabels ? string.Create(CultureInfo.InvariantCulture, $"t={t:0.##}") : "");
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
    }
}
