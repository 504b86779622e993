using ScottPlot;
using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>generated_samples.png</c>: a 5×5 grid of images decoded from z ~ N(0, I).</summary>
public static class GeneratedSamplesFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "generated_samples.png";

    /// <summary>Tiles per side.</summary>
    public const int GridSide = 5;

    /// <summary>Width of the figure in pixels (the height follows from the image shape).</summary>
    public const int Width = 900;

    /// <summary>Size of the figure in pixels for tiles of <paramref name="image"/>.</summary>
    public static (int Width, int Height) SizeFor(ImageShape image) => (Width, Layout(image).FittedHeight(Width, 40, 90));

    /// <summary>
    /// Renders <see cref="GridSide"/>² decoded samples of shape <paramref name="image"/> to PNG bytes. With
    /// <paramref name="labels"/> (a conditional model) sample k was decoded under label k mod <paramref name="labels"/>
    /// and each row says which labels it holds.
    /// </summary>
    public static byte[] Render(ReadOnlySpan<float> images, ImageShape image, int seed, int? labels = null)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, images, image, $"Samples decoded from z ~ N(0, I)  (seed {seed}{(labels is null ? "" : "; labels in turn")})");
        if (labels is { } classes)
        {
            var layout = Layout(image);
            var left = new ScottPlot.TickGenerators.NumericManual();
            for (int r = 0; r < GridSide; r++)
            {
                var row = Enumerable.Range(r * GridSide, GridSide).Select(k => k % classes).ToArray();
                left.AddMajor(layout.RowCentre(r), row.Zip(row.Skip(1)).All(p => p.Second == p.First + 1)
                    ? $"labels {row[0]}–{row[^1]}"
                    : "labels " + string.Join(" ", row));
            }
            plot.Axes.Left.TickGenerator = left;
        }
        var (width, height) = SizeFor(image);
        return FigureTheme.RenderPng(plot, width, height);
    }

    /// <summary>Draws the grid into <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, ReadOnlySpan<float> images, ImageShape image, string title)
    {
        ImageTiles.Add(plot, Layout(image), images);
        plot.Title(title, FigureTheme.TitleSize);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
    }

    private static TileLayout Layout(ImageShape image) => new(image, GridSide, GridSide);
}
