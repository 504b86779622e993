using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae reconstruct</c>: images → decoder(encoder mean), as .png pairs or .npy.</summary>
internal static class ReconstructCommand
{
    /// <summary>Images shown in a .png when --limit is not given.</summary>
    public const int DefaultPngLimit = 32;

    /// <summary>Originals per row of a .png when --columns is not given (fewer when there are fewer images).</summary>
    public const int DefaultColumns = 8;

    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var images = ImageOptions.Images();
        var limit = ImageOptions.Limit($"only the first N images and labels (default for .png: {DefaultPngLimit}, for .npy: all)");
        var invert = ImageOptions.Invert();
        var output = new ImageOutput(".png (rows of originals, each followed by its reconstructions) or .npy (float32 [N,C,H,W], values in [0,1])",
            $"{DefaultColumns}, or fewer images");
        var command = new Command("reconstruct", "images → decoder(encoder mean) (.png side by side, or .npy)") { images, limit, invert };
        labels.AddTo(command);
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            var (path, kind) = output.Target(result);
            using var vae = model.Load(result);
            var image = vae.Signature.Image;
            int? first = result.GetValue(limit) ?? (kind == OutputKind.Png ? DefaultPngLimit : null);
            var labelling = labels.Read(result, vae.Signature).First(first);
            var originals = ImageInput.Load(result.GetValue(images)!, image, first, result.GetValue(invert));
            var reconstructions = labelling.Reconstruct(vae, originals);
            if (kind == OutputKind.Npy)
            {
                result.Out().WriteLine(output.Write(result, reconstructions, image));
                return;
            }
            int count = originals.Length / image.Size;
            int columns = result.GetValue(output.Columns) ?? Math.Min(count, DefaultColumns);
            var paired = Interleave(originals, reconstructions, image.Size, columns);
            var grid = PngFile.WriteGrid(path, paired, columns, output.Grid(result, image));
            result.Out().WriteLine($"wrote {path} ({count} originals and reconstructions, {grid.Width}×{grid.Height} px)");
        });
        return command;
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
