using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Where the tiles of a figure's image grid go: <paramref name="Rows"/> × <paramref name="Columns"/> grey images of
/// the model's <paramref name="Image"/> shape, <paramref name="Gap"/> cells apart and around the edge, placed by
/// <see cref="ImageGrid.Layout{T}"/> like every other grid of the project. Coordinates are in cells; as in a
/// heatmap, y runs up from the bottom edge while tile (0, 0) is the top-left one.
/// </summary>
/// <param name="Image">Shape of each tile (one channel).</param>
/// <param name="Rows">Tile rows.</param>
/// <param name="Columns">Tile columns.</param>
/// <param name="Gap">Cells between neighbouring tiles and around the grid.</param>
public sealed record TileLayout(ImageShape Image, int Rows, int Columns, int Gap = TileLayout.DefaultGap)
{
    /// <summary>Cells between tiles unless a figure asks otherwise.</summary>
    public const int DefaultGap = 2;

    /// <summary>Tiles in the grid.</summary>
    public int Tiles => Rows * Columns;

    /// <summary>Width of the grid in cells.</summary>
    public int Width => ImageGrid.Size(Tiles, Columns, GridOptions).Width;

    /// <summary>Height of the grid in cells.</summary>
    public int Height => ImageGrid.Size(Tiles, Columns, GridOptions).Height;

    private ImageGridOptions GridOptions => new() { ImageWidth = Image.Width, ImageHeight = Image.Height, Padding = Gap };

    /// <summary>X coordinate of the centre of tile column <paramref name="column"/>.</summary>
    public double ColumnCentre(int column) => Gap + (column * (Image.Width + Gap)) + (Image.Width / 2.0);

    /// <summary>Y coordinate of the centre of tile row <paramref name="row"/> (row 0 on top).</summary>
    public double RowCentre(int row) => Height - (Gap + (row * (Image.Height + Gap)) + (Image.Height / 2.0));

    /// <summary>
    /// Figure height that fits the grid into a figure <paramref name="width"/> pixels wide with square cells, given the
    /// pixels taken by labels beside (<paramref name="horizontalMargin"/>) and around (<paramref name="verticalMargin"/>) it.
    /// </summary>
    public int FittedHeight(int width, int horizontalMargin, int verticalMargin) =>
        (int)Math.Ceiling(((width - horizontalMargin) * (double)Height / Width) + verticalMargin);

    /// <summary>
    /// The images (row-major, one after the other) as one <see cref="Height"/> × <see cref="Width"/> matrix, top row
    /// first: tile k at row k / <see cref="Columns"/>, column k % <see cref="Columns"/>. Gaps and tiles without an
    /// image are NaN, which the heatmap draws in its gap colour; images beyond the last tile are left out.
    /// </summary>
    public double[,] Mosaic(ReadOnlySpan<float> images)
    {
        int shown = Math.Min(images.Length / Image.Size, Tiles);
        var cells = new double[Height, Width];
        if (shown == 0)
        {
            // ImageGrid lays out at least one image; an empty grid is all gap.
            Blank(cells);
            return cells;
        }
        var values = ImageGrid.Layout(images[..(shown * Image.Size)], Tiles, Columns, GridOptions, float.NaN, out int width, out _);
        for (int i = 0; i < values.Length; i++)
        {
            cells[i / width, i % width] = values[i];
        }
        return cells;
    }

    private static void Blank(double[,] cells)
    {
        for (int r = 0; r < cells.GetLength(0); r++)
        {
            for (int c = 0; c < cells.GetLength(1); c++)
            {
                cells[r, c] = double.NaN;
            }
        }
    }
}
