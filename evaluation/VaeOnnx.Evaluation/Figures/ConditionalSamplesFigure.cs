using System.Globalization;
using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>conditional_samples.png</c> (conditional models): one row per label, the same <see cref="Samples"/> codes
/// z ~ N(0, I) in every row, so a row shows one digit in many styles and a column one style as every digit.
/// </summary>
public static class ConditionalSamplesFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "conditional_samples.png";

    /// <summary>Codes per row.</summary>
    public const int Samples = 10;

    /// <summary>Width of the figure in pixels (the height follows from the rows and the image shape).</summary>
    public const int Width = 1300;

    /// <summary>Size of the figure in pixels for <paramref name="labels"/> rows of tiles of <paramref name="image"/>.</summary>
    public static (int Width, int Height) SizeFor(ImageShape image, int labels) => (Width, Layout(image, labels).FittedHeight(Width, 150, 130));

    /// <summary>
    /// Renders <paramref name="labels"/> rows of <see cref="Samples"/> images (row r decoded under label r,
    /// row-major) to PNG bytes.
    /// </summary>
    public static byte[] Render(ReadOnlySpan<float> images, ImageShape image, int labels, int seed)
    {
        var plot = FigureTheme.NewPlot();
        var layout = Layout(image, labels);
        ImageTiles.Add(plot, layout, images);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Conditional samples: the same {Samples} codes z ~ N(0, I) (seed {seed}) under every label"), FigureTheme.TitleSize);
        var left = new ScottPlot.TickGenerators.NumericManual();
        for (int r = 0; r < labels; r++)
        {
            left.AddMajor(layout.RowCentre(r), string.Create(CultureInfo.InvariantCulture, $"label {r}"));
        }
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.Left.TickLabelStyle.FontSize = FigureTheme.LabelSize;
        var bottom = new ScottPlot.TickGenerators.NumericManual();
        for (int c = 0; c < Samples; c++)
        {
            bottom.AddMajor(layout.ColumnCentre(c), string.Create(CultureInfo.InvariantCulture, $"z{c + 1}"));
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        var (width, height) = SizeFor(image, labels);
        return FigureTheme.RenderPng(plot, width, height);
    }

    private static TileLayout Layout(ImageShape image, int labels) => new(image, labels, Samples);
}
