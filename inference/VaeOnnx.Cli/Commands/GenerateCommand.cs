namespace VaeOnnx.Cli.Commands;

internal static class GenerateCommand
{
    public static CommandSpec Spec { get; } = new(
        "generate",
        "decode random codes z ~ N(0, I) (seeded)",
        "usage: vae generate [-n 25] [--seed 42] --out grid.(png|npy) [options]\n\n" +
        "  -n, --count N       number of images (default 25)\n" +
        "  --seed N            random seed; the same seed gives the same images (default 42)\n" +
        Outputs.ImageHelp + "\n" + CommonOptions.Help,
        CommonOptions.With([new("--count", Alias: "-n"), new("--seed"), .. Outputs.ImageOptions]),
        MaxPositional: 0,
        Run);

    private static int Run(Invocation call)
    {
        var args = call.Args;
        var (path, kind) = Outputs.Target(args, OutputKind.Png, OutputKind.Npy);
        int count = args.GetInt("--count", 25, min: 1, max: 1_000_000);
        int seed = args.GetInt("--seed", 42);
        using var model = CommonOptions.Load(call);
        call.Out.WriteLine(Outputs.WriteImages(args, path, kind, model.Sample(count, seed), model.Signature.Image));
        return 0;
    }
}
