using System.Globalization;
using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>zoo_reconstructions.png</c> (<c>vae-evaluate compare</c>): the same <see cref="Columns"/> test digits in the top row,
/// then one row per zoo member with its reconstructions decoder(μ), so the members can be compared digit by digit.
/// </summary>
public static class ZooReconstructionsFigure
{
    /// <summary>File name in the zoo's reports folder.</summary>
    public const string FileName = "zoo_reconstructions.png";

    /// <summary>Test digits shown.</summary>
    public const int Columns = 8;

    /// <summary>Width of the figure in pixels (the height follows from the members and the image shape).</summary>
    public const int Width = 1000;

    /// <summary>Size of the figure in pixels for <paramref name="members"/> rows under the originals, tiles of <paramref name="image"/>.</summary>
    public static (int Width, int Height) SizeFor(ImageShape image, int members) => (Width, Layout(image, members).FittedHeight(Width, 200, 110));

    /// <summary>
    /// Renders <paramref name="originals"/> (<see cref="Columns"/> images, with their <paramref name="labels"/>) over one
    /// row of reconstructions per member (<paramref name="members"/>: name and <see cref="Columns"/> images each).
    /// </summary>
    public static byte[] Render(ReadOnlySpan<float> originals, IReadOnlyList<int> labels, IReadOnlyList<(string Name, float[] Images)> members, ImageShape image)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(members);
        int tile = Columns * image.Size;
        var tiles = new float[(members.Count + 1) * tile];
        originals[..tile].CopyTo(tiles);
        for (int m = 0; m < members.Count; m++)
        {
            members[m].Images.AsSpan(0, tile).CopyTo(tiles.AsSpan((m + 1) * tile));
        }
        var plot = FigureTheme.NewPlot();
        var layout = Layout(image, members.Count);
        ImageTiles.Add(plot, layout, tiles);
        plot.Title("The same test digits, reconstructed by every member", FigureTheme.TitleSize);
        LabelledRows.Label(plot, layout, ["original", .. members.Select(m => m.Name)],
            [.. labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"digit {l}"))]);
        var (width, height) = SizeFor(image, members.Count);
        return FigureTheme.RenderPng(plot, width, height);
    }

    private static TileLayout Layout(ImageShape image, int members) => new(image, members + 1, Columns);
}
