using System.Globalization;
using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>latent_manifold.png</c>: images decoded on a regular grid over the latent plane.</summary>
public static class LatentManifoldFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "latent_manifold.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1200, 1280);

    /// <summary>Renders the grid to PNG bytes.</summary>
    public static byte[] Render(ManifoldGrid grid)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, grid, "Latent manifold (decoded grid over the latent plane)" + (grid.Label is { } label ? $", decoded under label {label}" : ""));
        return FigureTheme.RenderGrid([plot], 1, 1, Size.Width, Size.Height, footnote: grid.Note);
    }

    /// <summary>Draws the grid into <paramref name="plot"/>, with plane coordinates on the axes.</summary>
    public static void Draw(Plot plot, ManifoldGrid grid, string title, bool compact = false)
    {
        // No gaps: neighbouring codes decode to neighbouring images, and the grid reads as one continuous map.
        var layout = new TileLayout(grid.Image, grid.Size, grid.Size, Gap: 0);
        ImageTiles.Add(plot, layout, grid.Images);
        FigureTheme.Label(plot, title, grid.XLabel, grid.YLabel);
        int every = Math.Max(1, grid.Size / (compact ? 4 : 8));
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k < grid.Size; k += every)
        {
            bottom.AddMajor(layout.ColumnCentre(k), Format(grid.ColumnValues[k]));
            left.AddMajor(layout.RowCentre(k), Format(grid.RowValues[k]));
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
