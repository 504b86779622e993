using VaeOnnx.Data;
using VaeOnnx.Contract;

namespace VaeOnnx.Cli;

/// <summary>Output file kinds, chosen by the extension of --out.</summary>
internal enum OutputKind
{
    Png,
    Npy,
    Csv,
}

/// <summary>Writing images and arrays for the commands (every write is atomic).</summary>
internal static class Outputs
{
    public static IReadOnlyList<Opt> ImageOptions { get; } =
    [
        new("--out", Alias: "-o"),
        new("--columns"),
        new("--scale"),
        new("--padding"),
    ];

    public const string ImageHelp =
        "  -o, --out FILE      .png (grid of digits) or .npy (float32 [N,C,H,W], values in [0,1])\n" +
        "  --columns N         grid columns for .png (default: square grid)\n" +
        "  --scale N           magnify each digit N times in .png (default 1)\n" +
        "  --padding N         pixels between digits in .png (default 2)\n";

    public static (string Path, OutputKind Kind) Target(ParsedArgs args, params OutputKind[] allowed)
    {
        string path = args.Require("--out");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        OutputKind? kind = extension switch
        {
            ".png" => OutputKind.Png,
            ".npy" => OutputKind.Npy,
            ".csv" => OutputKind.Csv,
            _ => null,
        };
        if (kind is not { } k || !allowed.Contains(k))
        {
            string names = string.Join(" or ", allowed.Select(a => "." + a.ToString().ToLowerInvariant()));
            throw new UsageException($"--out must end in {names} (got '{path}')");
        }
        return (path, k);
    }

    public static ImageGridOptions GridOptions(ParsedArgs args, ImageShape image, int defaultPadding = 2) => new()
    {
        ImageWidth = image.Width,
        ImageHeight = image.Height,
        Scale = args.GetInt("--scale", 1, min: 1, max: 64),
        Padding = args.GetInt("--padding", defaultPadding, min: 0, max: 64),
    };

    /// <summary>Writes N images of <paramref name="image"/> to .png (one image, or a grid) or .npy [N,C,H,W]; returns a summary.</summary>
    public static string WriteImages(ParsedArgs args, string path, OutputKind kind, float[] images, ImageShape image, int? columns = null,
        int defaultPadding = 2)
    {
        int count = images.Length / image.Size;
        if (kind == OutputKind.Npy)
        {
            int[] shape = [count, image.Channels, image.Height, image.Width];
            NpyFile.Write(path, images, shape);
            return $"wrote {path} (float32 [{string.Join(",", shape)}])";
        }
        var options = GridOptions(args, image, defaultPadding);
        if (count == 1)
        {
            options = options with { Padding = args.GetInt("--padding", 0, min: 0, max: 64) };
        }
        int cols = args.GetInt("--columns", columns ?? ImageGrid.SquareColumns(count), min: 1, max: 10_000);
        var grid = PngFile.WriteGrid(path, images, cols, options);
        return $"wrote {path} ({count} image{(count == 1 ? "" : "s")}, {grid.Width}×{grid.Height} px)";
    }
}
