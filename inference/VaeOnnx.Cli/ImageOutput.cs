using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Cli;

/// <summary>
/// Where and how a verb writes images: <c>-o, --out</c> (.png grid or .npy) and the grid options <c>--columns</c>,
/// <c>--scale</c>, <c>--padding</c>, declared once; each verb passes the defaults that suit its picture. Every write
/// is atomic.
/// </summary>
internal sealed class ImageOutput
{
    /// <summary>What <c>--out</c> takes, for verbs that write plain images.</summary>
    public const string Formats = ".png (grid of digits) or .npy (float32 [N,C,H,W], values in [0,1])";

    public ImageOutput(string outDescription = Formats, string columnsDefault = "a square grid", int padding = 2)
    {
        Out = OutputFile.Option(outDescription, OutputKind.Png, OutputKind.Npy);
        Columns = CliOptions.OptionalInt("--columns", $"grid columns for .png (default: {columnsDefault})", 1, 10_000);
        Scale = CliOptions.Int("--scale", "magnify each digit N times in .png", 1, 1, 64);
        Padding = CliOptions.Int("--padding", "pixels between digits in .png (none around a single image unless given)", padding, 0, 64);
    }

    public Option<string> Out { get; }

    public Option<int?> Columns { get; }

    public Option<int> Scale { get; }

    public Option<int> Padding { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Out, Columns, Scale, Padding })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The output path and its kind (the option has checked the extension).</summary>
    public (string Path, OutputKind Kind) Target(ParseResult result)
    {
        string path = result.GetValue(Out)!;
        return (path, OutputFile.KindOf(path)!.Value);
    }

    /// <summary>The grid layout of tiles of <paramref name="image"/> that the options ask for.</summary>
    public ImageGridOptions Grid(ParseResult result, ImageShape image) => new()
    {
        ImageWidth = image.Width,
        ImageHeight = image.Height,
        Scale = result.GetValue(Scale),
        Padding = result.GetValue(Padding),
    };

    /// <summary>
    /// Writes N images of <paramref name="image"/> to .png (one image, or a grid of <c>--columns</c>, else
    /// <paramref name="columns"/>, else a square) or .npy [N,C,H,W]; returns a summary line.
    /// </summary>
    public string Write(ParseResult result, float[] images, ImageShape image, int? columns = null)
    {
        var (path, kind) = Target(result);
        int count = images.Length / image.Size;
        if (kind == OutputKind.Npy)
        {
            int[] shape = [count, image.Channels, image.Height, image.Width];
            NpyFile.Write(path, images, shape);
            return $"wrote {path} (float32 [{string.Join(",", shape)}])";
        }
        var grid = Grid(result, image);
        if (count == 1 && !result.IsGiven(Padding))
        {
            grid = grid with { Padding = 0 };
        }
        int cols = result.GetValue(Columns) ?? columns ?? ImageGrid.SquareColumns(count);
        var written = PngFile.WriteGrid(path, images, cols, grid);
        return $"wrote {path} ({count} image{(count == 1 ? "" : "s")}, {written.Width}×{written.Height} px)";
    }
}
