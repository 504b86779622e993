using System.Globalization;
using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>zoo_samples.png</c> (<c>vae-evaluate compare</c>): one row per zoo member of <see cref="Samples"/> images decoded from
/// z ~ N(0, I) drawn with one seed; a conditional member decodes sample k under label k mod its classes (0, 1, …, 9).
/// </summary>
public static class ZooSamplesFigure
{
    /// <summary>File name in the zoo's reports folder.</summary>
    public const string FileName = "zoo_samples.png";

    /// <summary>Samples per member.</summary>
    public const int Samples = 10;

    /// <summary>Width of the figure in pixels (the height follows from the members and the image shape).</summary>
    public const int Width = 1200;

    /// <summary>Size of the figure in pixels for <paramref name="members"/> rows of tiles of <paramref name="image"/>.</summary>
    public static (int Width, int Height) SizeFor(ImageShape image, int members) => (Width, Layout(image, members).FittedHeight(Width, 200, 110));

    /// <summary>Renders one row per member (<paramref name="members"/>: name and <see cref="Samples"/> images each).</summary>
    public static byte[] Render(IReadOnlyList<(string Name, float[] Images)> members, ImageShape image, int seed)
    {
        ArgumentNullException.ThrowIfNull(members);
        int row = Samples * image.Size;
        var tiles = new float[members.Count * row];
        for (int m = 0; m < members.Count; m++)
        {
            members[m].Images.AsSpan(0, row).CopyTo(tiles.AsSpan(m * row));
        }
        var plot = FigureTheme.NewPlot();
        var layout = Layout(image, members.Count);
        ImageTiles.Add(plot, layout, tiles);
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Samples decoded from z ~ N(0, I) (seed {seed}); conditional members: sample k under label k"), FigureTheme.TitleSize);
        LabelledRows.Label(plot, layout, [.. members.Select(m => m.Name)],
            [.. Enumerable.Range(0, Samples).Select(k => string.Create(CultureInfo.InvariantCulture, $"k = {k}"))]);
        var (width, height) = SizeFor(image, members.Count);
        return FigureTheme.RenderPng(plot, width, height);
    }

    private static TileLayout Layout(ImageShape image, int members) => new(image, members, Samples);
}
