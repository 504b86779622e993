using System.Globalization;
using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>reconstructions.png</c>: test images (top row) over their reconstructions decoder(μ) (bottom row), with the
/// SSIM of each pair under it.
/// </summary>
public static class ReconstructionsFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "reconstructions.png";

    /// <summary>Pairs shown.</summary>
    public const int Columns = 12;

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1800, ImageTiles.FittedHeight(1800, 2, Columns, ImageTiles.Gap, 190, 110));

    /// <summary>Renders the figure to PNG bytes; <paramref name="ssim"/> holds one value per pair (or is empty).</summary>
    public static byte[] Render(ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions, ReadOnlySpan<double> ssim)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, originals, reconstructions, ssim, Columns, "Originals (top) and reconstructions decoder(μ) (bottom), first test images");
        return FigureTheme.RenderPng(plot, Size.Width, Size.Height);
    }

    /// <summary>
    /// Draws <paramref name="blocks"/> × <paramref name="columns"/> pairs into <paramref name="plot"/>: each block is
    /// a row of originals over a row of their reconstructions. With one block the SSIM of each pair is written
    /// under it.
    /// </summary>
    public static void Draw(Plot plot, ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions,
        ReadOnlySpan<double> ssim, int columns, string title, int blocks = 1)
    {
        const int pixels = ImageTiles.Side * ImageTiles.Side;
        int available = Math.Min(originals.Length, reconstructions.Length) / pixels;
        columns = Math.Max(1, Math.Min(columns, available));
        blocks = Math.Max(1, Math.Min(blocks, available / columns));
        var tiles = new float[2 * blocks * columns * pixels];
        for (int b = 0; b < blocks; b++)
        {
            int first = b * columns * pixels;
            originals.Slice(first, columns * pixels).CopyTo(tiles.AsSpan(2 * first));
            reconstructions.Slice(first, columns * pixels).CopyTo(tiles.AsSpan((2 * first) + (columns * pixels)));
        }
        ImageTiles.AddMosaic(plot, ImageTiles.Mosaic(tiles, 2 * blocks, columns));
        plot.Title(title, FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < 2 * blocks; r++)
        {
            left.AddMajor(ImageTiles.RowCentre(r, 2 * blocks), r % 2 == 0 ? "original" : "reconstruction");
        }
        plot.Axes.Left.TickGenerator = left;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < columns; c++)
        {
            bottom.AddMajor(ImageTiles.ColumnCentre(c),
                blocks == 1 && c < ssim.Length ? string.Create(CultureInfo.InvariantCulture, $"SSIM {ssim[c]:0.00}") : "");
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FigureTheme.TickSize;
    }
}
