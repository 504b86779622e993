using System.Globalization;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>style_transfer.png</c> (conditional models): each row a test image, encoded under its own label, then its μ
/// decoded under every label: what stays the same across a row is the style the latent code carries.
/// </summary>
public static class StyleTransferFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "style_transfer.png";

    /// <summary>Test images shown (the first of distinct digits, in test-set order).</summary>
    public const int Rows = 8;

    /// <summary>Width of the figure in pixels (the height follows from the rows and the image shape).</summary>
    public const int Width = 1400;

    /// <summary>Size of the figure in pixels for <paramref name="rows"/>.</summary>
    public static (int Width, int Height) SizeFor(StyleTransferRows rows) => (Width, Layout(rows).FittedHeight(Width, 170, 130));

    /// <summary>Renders the rows to PNG bytes: the original in the first column, then one column per label.</summary>
    public static byte[] Render(StyleTransferRows rows)
    {
        int pixels = rows.Image.Size, columns = rows.Labels + 1;
        var tiles = new float[rows.Count * columns * pixels];
        for (int r = 0; r < rows.Count; r++)
        {
            rows.Originals.AsSpan(r * pixels, pixels).CopyTo(tiles.AsSpan(r * columns * pixels));
            rows.Decoded.AsSpan(r * rows.Labels * pixels, rows.Labels * pixels).CopyTo(tiles.AsSpan(((r * columns) + 1) * pixels));
        }
        var plot = FigureTheme.NewPlot();
        var layout = Layout(rows);
        ImageTiles.Add(plot, layout, tiles);
        plot.Title("Style transfer: μ of a test image decoded under every label", FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < rows.Count; r++)
        {
            left.AddMajor(layout.RowCentre(r), string.Create(CultureInfo.InvariantCulture, $"test #{rows.Indices[r]} ({rows.Digits[r]})"));
        }
        plot.Axes.Left.TickGenerator = left;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        bottom.AddMajor(layout.ColumnCentre(0), "original");
        for (int c = 0; c < rows.Labels; c++)
        {
            bottom.AddMajor(layout.ColumnCentre(c + 1), string.Create(CultureInfo.InvariantCulture, $"as {c}"));
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        var (width, height) = SizeFor(rows);
        return FigureTheme.RenderPng(plot, width, height);
    }

    private static TileLayout Layout(StyleTransferRows rows) => new(rows.Image, Math.Max(rows.Count, 1), rows.Labels + 1);
}
