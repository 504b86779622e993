using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Lays 28×28 images out as one intensity matrix for a ScottPlot heatmap: row-major tiles separated by a gap of
/// NaN cells (drawn in the gap colour), so a whole grid of digits is a single plottable.
/// </summary>
public static class ImageTiles
{
    /// <summary>Side of the images.</summary>
    public const int Side = 28;

    /// <summary>Cells between neighbouring tiles.</summary>
    public const int Gap = 2;

    /// <summary>
    /// A <paramref name="rows"/> × <paramref name="columns"/> mosaic; image k of <paramref name="images"/> (784 values
    /// each) goes to row k / columns, column k % columns. Missing images leave blank tiles.
    /// </summary>
    public static double[,] Mosaic(ReadOnlySpan<float> images, int rows, int columns, int gap = Gap)
    {
        int height = (rows * Side) + ((rows - 1) * gap);
        int width = (columns * Side) + ((columns - 1) * gap);
        var cells = new double[height, width];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                cells[r, c] = double.NaN;
            }
        }
        int count = Math.Min(rows * columns, images.Length / (Side * Side));
        for (int k = 0; k < count; k++)
        {
            int top = k / columns * (Side + gap), left = k % columns * (Side + gap);
            var image = images.Slice(k * Side * Side, Side * Side);
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    cells[top + y, left + x] = image[(y * Side) + x];
                }
            }
        }
        return cells;
    }

    /// <summary>
    /// Adds the mosaic as a grey heatmap (0 black, 1 white, top-left tile first) covering x ∈ [0, width] and
    /// y ∈ [0, height] with square cells, the gaps white, and no axes frame.
    /// </summary>
    public static ScottPlot.Plottables.Heatmap AddMosaic(Plot plot, double[,] mosaic)
    {
        var heatmap = plot.Add.Heatmap(mosaic);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(0, mosaic.GetLength(1), 0, mosaic.GetLength(0));
        plot.Axes.SetLimits(0, mosaic.GetLength(1), 0, mosaic.GetLength(0));
        plot.Axes.SquareUnits();
        plot.Grid.IsVisible = false;
        HideFrame(plot);
        return heatmap;
    }

    /// <summary>
    /// Figure height that fits a mosaic of <paramref name="rows"/> × <paramref name="columns"/> tiles into
    /// <paramref name="width"/> pixels with square cells, given the pixels taken by labels beside and around it.
    /// </summary>
    public static int FittedHeight(int width, int rows, int columns, int gap, int horizontalMargin, int verticalMargin)
    {
        double mosaicWidth = (columns * Side) + ((columns - 1) * gap);
        double mosaicHeight = (rows * Side) + ((rows - 1) * gap);
        return (int)Math.Ceiling(((width - horizontalMargin) * mosaicHeight / mosaicWidth) + verticalMargin);
    }

    /// <summary>Removes the frame and tick marks around an image panel, keeping tick labels and the title.</summary>
    public static void HideFrame(Plot plot)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.FrameLineStyle.Width = 0;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
    }

    /// <summary>Y coordinate of the centre of tile row <paramref name="row"/> in a mosaic of <paramref name="rows"/> rows.</summary>
    public static double RowCentre(int row, int rows, int gap = Gap)
    {
        int height = (rows * Side) + ((rows - 1) * gap);
        return height - ((row * (Side + gap)) + (Side / 2.0));
    }

    /// <summary>X coordinate of the centre of tile column <paramref name="column"/>.</summary>
    public static double ColumnCentre(int column, int gap = Gap) => (column * (Side + gap)) + (Side / 2.0);
}
