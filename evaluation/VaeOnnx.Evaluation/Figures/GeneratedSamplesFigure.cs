using ScottPlot;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>generated_samples.png</c>: a 5×5 grid of images decoded from z ~ N(0, I).</summary>
public static class GeneratedSamplesFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "generated_samples.png";

    /// <summary>Tiles per side.</summary>
    public const int GridSide = 5;

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (900, ImageTiles.FittedHeight(900, GridSide, GridSide, ImageTiles.Gap, 40, 90));

    /// <summary>Renders <see cref="GridSide"/>² decoded samples (784 values each) to PNG bytes.</summary>
    public static byte[] Render(ReadOnlySpan<float> images, int seed)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, images, $"Samples decoded from z ~ N(0, I)  (seed {seed})");
        return FigureTheme.RenderPng(plot, Size.Width, Size.Height);
    }

    /// <summary>Draws the grid into <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, ReadOnlySpan<float> images, string title)
    {
        ImageTiles.AddMosaic(plot, ImageTiles.Mosaic(images, GridSide, GridSide));
        plot.Title(title, FigureTheme.TitleSize);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
    }
}
