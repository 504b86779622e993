using VaeOnnx.Data;
using VaeOnnx.Inference.Models;

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
        "  -o, --out FILE      .png (grid of digits) or .npy (float32 [N,1,28,28], values in [0,1])\n" +
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

    public static ImageGridOptions GridOptions(ParsedArgs args, int defaultPadding = 2) => new()
    {
        Scale = args.GetInt("--scale", 1, min: 1, max: 64),
        Padding = args.GetInt("--padding", defaultPadding, min: 0, max: 64),
    };

    /// <summary>Writes N images (floats [N,784]) to .png (one image, or a grid) or .npy [N,1,28,28]; returns a summary.</summary>
    public static string WriteImages(ParsedArgs args, string path, OutputKind kind, float[] images, int? columns = null,
        int defaultPadding = 2)
    {
        int count = images.Length / VaeContract.ImageSize;
        if (kind == OutputKind.Npy)
        {
            NpyFile.Write(path, images, [count, 1, 28, 28]);
            return $"wrote {path} (float32 [{count},1,28,28])";
        }
        var options = GridOptions(args, defaultPadding);
        if (count == 1)
        {
            options = options with { Padding = args.GetInt("--padding", 0, min: 0, max: 64) };
        }
        int cols = args.GetInt("--columns", columns ?? ImageGrid.SquareColumns(count), min: 1, max: 10_000);
        var grid = PngFile.WriteGrid(path, images, cols, options);
        return $"wrote {path} ({count} image{(count == 1 ? "" : "s")}, {grid.Width}×{grid.Height} px)";
    }
}
