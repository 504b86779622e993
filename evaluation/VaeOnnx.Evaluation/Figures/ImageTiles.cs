using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Draws a grid of images (<see cref="TileLayout.Mosaic"/>) as one grey ScottPlot heatmap: 0 black, 1 white, the
/// gaps white, square cells and no frame, so a whole grid of digits is a single plottable.
/// </summary>
public static class ImageTiles
{
    /// <summary>
    /// Adds <paramref name="images"/> laid out by <paramref name="layout"/>, covering x ∈ [0, width] and
    /// y ∈ [0, height] cells (the coordinates of <see cref="TileLayout.ColumnCentre"/> and <see cref="TileLayout.RowCentre"/>).
    /// </summary>
    public static ScottPlot.Plottables.Heatmap Add(Plot plot, TileLayout layout, ReadOnlySpan<float> images)
    {
        var heatmap = plot.Add.Heatmap(layout.Mosaic(images));
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.NaNCellColor = Colors.White;
        heatmap.Rectangle = new CoordinateRect(0, layout.Width, 0, layout.Height);
        plot.Axes.SetLimits(0, layout.Width, 0, layout.Height);
        plot.Axes.SquareUnits();
        plot.Grid.IsVisible = false;
        HideFrame(plot);
        return heatmap;
    }

    // Image panels keep their tick labels and title but lose the frame and tick marks.
    private static void HideFrame(Plot plot)
    {
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.FrameLineStyle.Width = 0;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
    }
}
