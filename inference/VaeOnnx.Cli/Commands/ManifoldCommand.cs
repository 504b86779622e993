using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

internal static class ManifoldCommand
{
    public static CommandSpec Spec { get; } = new(
        "manifold",
        "decode a regular grid over two latent dimensions",
        "usage: vae manifold [--grid 20] [--range 3 | --quantiles] [--dims 0,1] --out manifold.(png|npy) [options]\n\n" +
        "  --grid N            N×N images (default 20)\n" +
        "  --range R           evenly spaced values in [-R, R] on both axes (default 3)\n" +
        "  --quantiles         standard-normal quantiles of 0.05…0.95 instead (Kingma & Welling's figure)\n" +
        "  --dims X,Y          the two latent dimensions to vary (default 0,1); the others are 0\n" +
        "                      columns: X from low to high; rows: Y from high (top) to low\n" +
        Outputs.ImageHelp.Replace("(default 2)", "(default 0)", StringComparison.Ordinal) + "\n" + CommonOptions.Help,
        CommonOptions.With([new("--grid"), new("--range"), new("--quantiles", TakesValue: false), new("--dims"), .. Outputs.ImageOptions]),
        MaxPositional: 0,
        Run);

    private static int Run(Invocation call)
    {
        var args = call.Args;
        var (path, kind) = Outputs.Target(args, OutputKind.Png, OutputKind.Npy);
        int grid = args.GetInt("--grid", 20, min: 1, max: 1000);
        if (args.Has("--range") && args.Has("--quantiles"))
        {
            throw new UsageException("give --range or --quantiles, not both");
        }
        float range = (float)args.GetDouble("--range", 3.0, min: double.Epsilon);
        int[] dims = args.GetIntList("--dims", [0, 1], min: 0);
        if (dims.Length != 2)
        {
            throw new UsageException($"--dims expects two dimensions X,Y, got {dims.Length}");
        }
        using var model = CommonOptions.Load(call);
        if (model.LatentDim > 1 && (dims[0] >= model.LatentDim || dims[1] >= model.LatentDim || dims[0] == dims[1]))
        {
            throw new UsageException($"--dims must name two different dimensions below the latent size {model.LatentDim}");
        }
        var z = LatentGrid.Plane(model.LatentDim, grid, range, args.Has("--quantiles"), dims[0], model.LatentDim > 1 ? dims[1] : 1);
        var images = model.Decode(z);
        call.Out.WriteLine(Outputs.WriteImages(args, path, kind, images, model.Signature.Image, columns: grid, defaultPadding: 0));
        return 0;
    }
}
