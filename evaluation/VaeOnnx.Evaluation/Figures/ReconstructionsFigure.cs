using System.Globalization;
using ScottPlot;
using VaeOnnx.Contract;

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

    /// <summary>Width of the figure in pixels (the height follows from the image shape).</summary>
    public const int Width = 1800;

    /// <summary>Size of the figure in pixels for images of <paramref name="image"/>.</summary>
    public static (int Width, int Height) SizeFor(ImageShape image) => (Width, new TileLayout(image, 2, Columns).FittedHeight(Width, 190, 110));

    /// <summary>
    /// Renders the figure to PNG bytes; the images have shape <paramref name="image"/>, <paramref name="ssim"/> holds
    /// one value per pair (or is empty).
    /// </summary>
    public static byte[] Render(ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions, ReadOnlySpan<double> ssim, ImageShape image)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, originals, reconstructions, ssim, image, Columns, "Originals (top) and reconstructions decoder(μ) (bottom), first test images");
        var (width, height) = SizeFor(image);
        return FigureTheme.RenderPng(plot, width, height);
    }

    /// <summary>
    /// Draws <paramref name="blocks"/> × <paramref name="columns"/> pairs into <paramref name="plot"/>: each block is
    /// a row of originals over a row of their reconstructions. With one block the SSIM of each pair is written
    /// under it.
    /// </summary>
    public static void Draw(Plot plot, ReadOnlySpan<float> originals, ReadOnlySpan<float> reconstructions,
        ReadOnlySpan<double> ssim, ImageShape image, int columns, string title, int blocks = 1)
    {
        int pixels = image.Size;
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
        var layout = new TileLayout(image, 2 * blocks, columns);
        ImageTiles.Add(plot, layout, tiles);
        plot.Title(title, FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < 2 * blocks; r++)
        {
            left.AddMajor(layout.RowCentre(r), r % 2 == 0 ? "original" : "reconstruction");
        }
        plot.Axes.Left.TickGenerator = left;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < columns; c++)
        {
            bottom.AddMajor(layout.ColumnCentre(c),
                blocks == 1 && c < ssim.Length ? string.Create(CultureInfo.InvariantCulture, $"SSIM {ssim[c]:0.00}") : "");
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FigureTheme.TickSize;
    }
}
