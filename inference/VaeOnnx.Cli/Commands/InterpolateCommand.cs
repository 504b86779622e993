using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

/// <summary>
/// <c>vae interpolate</c>: decode a straight line between two latent codes, given as codes or as the means of two
/// encoded images. For a conditional model the labels are those of the decoded images (<c>--digit D</c> for all, or
/// one per step); image endpoints are encoded under the first and the last.
/// </summary>
internal static class InterpolateCommand
{
    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var fromIndex = CliOptions.OptionalInt("--from-index", "encode image I (0-based) of --images; its mean is the start", 0);
        var toIndex = CliOptions.OptionalInt("--to-index", "likewise the end", 0);
        var images = ImageOptions.OptionalImages($"default: {ImageInput.DefaultMnistTest}");
        var fromCode = ListOptions.Code("--from-z", "start code, comma-separated numbers");
        var toCode = ListOptions.Code("--to-z", "end code");
        var steps = CliOptions.Int("--steps", "images including both ends", 10, 2, 100_000);
        var output = new ImageOutput(columnsDefault: "one row");
        var command = new Command("interpolate", "decode a straight line between two latent codes: " +
            "--from-index I --to-index J [--images FILE], or --from-z CODE --to-z CODE") { fromIndex, toIndex, images, fromCode, toCode, steps };
        labels.AddTo(command);
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            bool byIndex = result.IsGiven(fromIndex) || result.IsGiven(toIndex);
            bool byCode = result.IsGiven(fromCode) || result.IsGiven(toCode);
            if (byIndex == byCode)
            {
                throw new UsageException("give --from-index and --to-index, or --from-z and --to-z");
            }
            if (!byIndex && result.IsGiven(images))
            {
                throw new UsageException("--images only applies with --from-index/--to-index");
            }
            if (byIndex && !(result.IsGiven(fromIndex) && result.IsGiven(toIndex)))
            {
                throw new UsageException("give both --from-index and --to-index");
            }
            if (byCode && !(result.IsGiven(fromCode) && result.IsGiven(toCode)))
            {
                throw new UsageException("give both --from-z and --to-z");
            }
            int count = result.GetValue(steps);
            using var vae = model.Load(result);
            int[]? stepLabels = labels.Read(result, vae.Signature).For(count, "image");
            float[] from, to;
            if (byIndex)
            {
                int i = result.GetValue(fromIndex)!.Value, j = result.GetValue(toIndex)!.Value;
                string file = result.GetValue(images) ?? DefaultImages();
                var pixels = ImageInput.Load(file, vae.Signature.Image, Math.Max(i, j) + 1);
                int available = pixels.Length / vae.ImageSize;
                if (Math.Max(i, j) >= available)
                {
                    throw new UsageException($"index {Math.Max(i, j)} is out of range: {file} holds {available} image{(available == 1 ? "" : "s")}");
                }
                from = Mean(vae, pixels.AsSpan(i * vae.ImageSize, vae.ImageSize), stepLabels?[0]);
                to = Mean(vae, pixels.AsSpan(j * vae.ImageSize, vae.ImageSize), stepLabels?[^1]);
            }
            else
            {
                from = Checked(fromCode.Name, result.GetValue(fromCode)!, vae.LatentDim);
                to = Checked(toCode.Name, result.GetValue(toCode)!, vae.LatentDim);
            }
            var line = vae.InterpolateLatents(from, to, count);
            var strip = stepLabels is null ? vae.Decode(line) : vae.Decode(line, stepLabels);
            result.Out().WriteLine(output.Write(result, strip, vae.Signature.Image, columns: count));
        });
        return command;
    }

    /// <summary>The encoder's mean of one image, under <paramref name="label"/> for a conditional model.</summary>
    private static float[] Mean(VaeModel vae, ReadOnlySpan<float> image, int? label) =>
        label is { } l ? vae.Encode(image, [l]).Mu : vae.Encode(image).Mu;

    private static float[] Checked(string name, float[] code, int latentDim) =>
        code.Length == latentDim ? code : throw new UsageException($"{name} has {code.Length} values, the model's latent size is {latentDim}");

    private static string DefaultImages()
    {
        string directory = Path.GetDirectoryName(ImageInput.DefaultMnistTest)!;
        try
        {
            return MnistDataset.Resolve(directory, "t10k-images-idx3-ubyte");
        }
        catch (IdxFormatException)
        {
            throw new UsageException($"{ImageInput.DefaultMnistTest} not found (run from the repository root or pass --images)");
        }
    }
}
