using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Names the tile rows of a grid on its left axis and the columns under it, the way the zoo's figures tell which
/// member drew which row; tick marks are hidden by <see cref="ImageTiles"/>, so only the text shows.
/// </summary>
public static class LabelledRows
{
    /// <summary>Writes <paramref name="rows"/> beside the rows of <paramref name="layout"/> (top row first) and <paramref name="columns"/> under its columns.</summary>
    public static void Label(Plot plot, TileLayout layout, IReadOnlyList<string> rows, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(layout);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < Math.Min(rows.Count, layout.Rows); r++)
        {
            left.AddMajor(layout.RowCentre(r), rows[r]);
        }
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < Math.Min(columns.Count, layout.Columns); c++)
        {
            bottom.AddMajor(layout.ColumnCentre(c), columns[c]);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Bottom.TickLabelStyle.FontSize = FigureTheme.TickSize;
    }
}
