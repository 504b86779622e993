using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

internal static class ReconstructCommand
{
    /// <summary>Images shown in a .png when --limit is not given.</summary>
    public const int DefaultPngLimit = 32;

    public static CommandSpec Spec { get; } = new(
        "reconstruct",
        "images → decoder(encoder mean) (.png side by side, or .npy)",
        "usage: vae reconstruct --images FILE --out out.(png|npy) [options]\n\n" +
        "  --images FILE       IDX (raw or .gz), one PNG, or .npy images (uint8 0–255 or float in [0,1]) of the model's size\n" +
        "  --limit N           only the first N images (default for .png: 32, for .npy: all)\n" +
        "  --invert            use 1 − pixel (for dark digits on a light background)\n" +
        Outputs.ImageHelp.Replace("(grid of digits)", "(rows of originals, each followed by its reconstructions)", StringComparison.Ordinal) +
        "\n" + CommonOptions.Help,
        CommonOptions.With([new("--images"), new("--limit"), new("--invert", TakesValue: false), .. Outputs.ImageOptions]),
        MaxPositional: 0,
        Run);

    private static int Run(Invocation call)
    {
        var args = call.Args;
        string input = args.Require("--images");
        var (path, kind) = Outputs.Target(args, OutputKind.Png, OutputKind.Npy);
        int? limit = args.GetOptionalInt("--limit", min: 1) ?? (kind == OutputKind.Png ? DefaultPngLimit : null);
        using var model = CommonOptions.Load(call);
        var image = model.Signature.Image;
        var images = ImageInput.Load(input, image, limit, args.Has("--invert"));
        var reconstructions = model.Reconstruct(images);
        if (kind == OutputKind.Npy)
        {
            call.Out.WriteLine(Outputs.WriteImages(args, path, kind, reconstructions, image));
            return 0;
        }
        int count = images.Length / image.Size;
        int columns = args.GetInt("--columns", Math.Min(count, 8), min: 1, max: 10_000);
        var paired = Interleave(images, reconstructions, image.Size, columns);
        var grid = PngFile.WriteGrid(path, paired, columns, Outputs.GridOptions(args, image));
        call.Out.WriteLine($"wrote {path} ({count} originals and reconstructions, {grid.Width}×{grid.Height} px)");
        return 0;
    }

    /// <summary>Rows of <paramref name="columns"/> originals, each followed by a row of their reconstructions.</summary>
    internal static float[] Interleave(float[] originals, float[] reconstructions, int size, int columns)
    {
        int count = originals.Length / size;
        int rows = (count + columns - 1) / columns;
        var result = new float[rows * 2 * columns * size];
        for (int i = 0; i < count; i++)
        {
            int row = i / columns, col = i % columns;
            originals.AsSpan(i * size, size).CopyTo(result.AsSpan(((2 * row * columns) + col) * size));
            reconstructions.AsSpan(i * size, size).CopyTo(result.AsSpan((((2 * row) + 1) * columns + col) * size));
        }
        return result;
    }
}
