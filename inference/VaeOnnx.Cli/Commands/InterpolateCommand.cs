using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

internal static class InterpolateCommand
{
    public static CommandSpec Spec { get; } = new(
        "interpolate",
        "decode a straight line between two latent codes",
        "usage: vae interpolate (--from-index I --to-index J [--images FILE] | --from-z CODE --to-z CODE)\n" +
        "                       [--steps 10] --out strip.(png|npy) [options]\n\n" +
        "  --from-index I      encode image I (0-based) of --images; its mean is the start\n" +
        "  --to-index J        likewise the end\n" +
        $"  --images FILE       images for the indices (default {ImageInput.DefaultMnistTest})\n" +
        "  --from-z CODE       start code, comma-separated numbers\n" +
        "  --to-z CODE         end code\n" +
        "  --steps N           images including both ends (default 10, at least 2)\n" +
        Outputs.ImageHelp.Replace("(default: square grid)", "(default: one row)", StringComparison.Ordinal) +
        "\n" + CommonOptions.Help,
        CommonOptions.With([new("--from-index"), new("--to-index"), new("--images"), new("--from-z"), new("--to-z"),
            new("--steps"), .. Outputs.ImageOptions]),
        MaxPositional: 0,
        Run);

    private static int Run(Invocation call)
    {
        var args = call.Args;
        var (path, kind) = Outputs.Target(args, OutputKind.Png, OutputKind.Npy);
        int steps = args.GetInt("--steps", 10, min: 2, max: 100_000);
        bool byIndex = args.Has("--from-index") || args.Has("--to-index");
        bool byCode = args.Has("--from-z") || args.Has("--to-z");
        if (byIndex == byCode)
        {
            throw new UsageException("give --from-index and --to-index, or --from-z and --to-z");
        }
        if (!byIndex && args.Has("--images"))
        {
            throw new UsageException("--images only applies with --from-index/--to-index");
        }
        using var model = CommonOptions.Load(call);
        float[] from, to;
        if (byIndex)
        {
            int i = args.GetInt("--from-index", -1, min: 0);
            int j = args.GetInt("--to-index", -1, min: 0);
            if (!args.Has("--from-index") || !args.Has("--to-index"))
            {
                throw new UsageException("give both --from-index and --to-index");
            }
            string file = args.Get("--images") ?? DefaultImages();
            var images = ImageInput.Load(file, model.Signature.Image, Math.Max(i, j) + 1);
            int count = images.Length / model.ImageSize;
            if (Math.Max(i, j) >= count)
            {
                throw new UsageException($"index {Math.Max(i, j)} is out of range: {file} holds {count} image{(count == 1 ? "" : "s")}");
            }
            from = model.Encode(images.AsSpan(i * model.ImageSize, model.ImageSize)).Mu;
            to = model.Encode(images.AsSpan(j * model.ImageSize, model.ImageSize)).Mu;
        }
        else
        {
            from = ParsedArgs.ParseFloats("--from-z", args.Require("--from-z"));
            to = ParsedArgs.ParseFloats("--to-z", args.Require("--to-z"));
            foreach (var (name, code) in new[] { ("--from-z", from), ("--to-z", to) })
            {
                if (code.Length != model.LatentDim)
                {
                    throw new UsageException($"{name} has {code.Length} values, the model's latent size is {model.LatentDim}");
                }
            }
        }
        var strip = model.Interpolate(from, to, steps);
        call.Out.WriteLine(Outputs.WriteImages(args, path, kind, strip, model.Signature.Image, columns: steps));
        return 0;
    }

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
