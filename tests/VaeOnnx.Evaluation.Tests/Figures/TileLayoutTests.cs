using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;

namespace VaeOnnx.Evaluation.Tests.Figures;

public sealed class TileLayoutTests
{
    // Tiles 3 high and 4 wide: a shape that is neither MNIST's nor square.
    private static readonly ImageShape Tile = new(1, 3, 4);

    [Fact]
    public void Mosaic_ThreeImagesInTwoByTwo_PlacesTilesRowMajorWithNaNGapsAndBorder()
    {
        var layout = new TileLayout(Tile, Rows: 2, Columns: 2, Gap: 1);
        var images = new float[3 * 12];
        images[0] = 0.5f;              // tile 0, pixel (0,0)
        images[12 + 3] = 0.25f;        // tile 1, pixel (0,3)
        images[(2 * 12) + 11] = 1;     // tile 2, pixel (2,3)

        var mosaic = layout.Mosaic(images);

        Assert.Equal((2 * 3) + 3, mosaic.GetLength(0));
        Assert.Equal((2 * 4) + 3, mosaic.GetLength(1));
        Assert.Equal((mosaic.GetLength(1), mosaic.GetLength(0)), (layout.Width, layout.Height));
        Assert.Equal(0.5, mosaic[1, 1]);
        Assert.Equal(0.25, mosaic[1, 1 + 4 + 1 + 3]);
        Assert.Equal(1.0, mosaic[1 + 3 + 1 + 2, 1 + 3]);
        Assert.True(double.IsNaN(mosaic[0, 0]));           // border
        Assert.True(double.IsNaN(mosaic[1, 5]));           // gap between columns
        Assert.True(double.IsNaN(mosaic[5, 6]));           // fourth tile has no image
    }

    [Fact]
    public void Mosaic_NoImages_IsAllGap()
    {
        var mosaic = new TileLayout(Tile, 1, 2).Mosaic([]);

        Assert.All(mosaic.Cast<double>(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Mosaic_MoreImagesThanTiles_ShowsTheFirst()
    {
        var images = Enumerable.Range(0, 3).SelectMany(i => Enumerable.Repeat(i / 2f, 12)).ToArray();

        var mosaic = new TileLayout(Tile, 1, 2, Gap: 0).Mosaic(images);

        Assert.Equal([0.0, 0.5], [mosaic[0, 0], mosaic[0, 4]]);
        Assert.Equal(8, mosaic.GetLength(1));
    }

    [Fact]
    public void Centres_OfTiles_AreInPlotCoordinatesWithRowZeroOnTop()
    {
        var layout = new TileLayout(Tile, Rows: 2, Columns: 3, Gap: 2);

        Assert.Equal(2 + 2.0, layout.ColumnCentre(0));
        Assert.Equal(2 + (2 * 6) + 2.0, layout.ColumnCentre(2));
        Assert.Equal(layout.Height - (2 + 1.5), layout.RowCentre(0));
        Assert.Equal(2 + 1.5, layout.RowCentre(1));
    }

    [Fact]
    public void FittedHeight_KeepsCellsSquare()
    {
        var layout = new TileLayout(Tile, Rows: 2, Columns: 3, Gap: 2);

        // 3·4 + 4·2 = 20 cells wide, 2·3 + 3·2 = 12 high: 200 pixels for the cells are 120 high, plus the margin.
        Assert.Equal(120 + 30, layout.FittedHeight(200 + 50, 50, 30));
    }
}
