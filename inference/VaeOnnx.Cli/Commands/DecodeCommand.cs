using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

internal static class DecodeCommand
{
    public static CommandSpec Spec { get; } = new(
        "decode",
        "latent codes → images (.png or .npy)",
        "usage: vae decode (--z \"0.5,-1.2\" | --z-file z.npy) --out out.(png|npy) [options]\n\n" +
        "  --z CODES           one code as comma-separated numbers; several codes separated by ';'\n" +
        "  --z-file FILE       .npy of codes, float32/float64 [N,latent] or [latent]\n" +
        Outputs.ImageHelp + "\n" + CommonOptions.Help,
        CommonOptions.With([new("--z"), new("--z-file"), .. Outputs.ImageOptions]),
        MaxPositional: 0,
        Run);

    private static int Run(Invocation call)
    {
        var args = call.Args;
        var (path, kind) = Outputs.Target(args, OutputKind.Png, OutputKind.Npy);
        if (args.Has("--z") == args.Has("--z-file"))
        {
            throw new UsageException("give exactly one of --z or --z-file");
        }
        using var model = CommonOptions.Load(call);
        float[] z;
        if (args.Get("--z") is { } text)
        {
            var codes = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codes.Length == 0)
            {
                throw new UsageException("--z is empty");
            }
            z = new float[codes.Length * model.LatentDim];
            for (int i = 0; i < codes.Length; i++)
            {
                var values = ParsedArgs.ParseFloats("--z", codes[i]);
                if (values.Length != model.LatentDim)
                {
                    throw new UsageException($"--z code {i + 1} has {values.Length} values, the model's latent size is {model.LatentDim}");
                }
                values.CopyTo(z, i * model.LatentDim);
            }
        }
        else
        {
            string file = args.Require("--z-file");
            var array = NpyFile.ReadFloat32(file);
            int width = array.Shape.Length == 1 ? array.Shape[0] : array.Shape.Length == 2 ? array.Shape[1] : -1;
            if (width != model.LatentDim || array.Data.Length == 0)
            {
                throw new DataFileException(file, $"shape ({string.Join(", ", array.Shape)}) does not hold latent codes of size {model.LatentDim}: expected [N,{model.LatentDim}] or [{model.LatentDim}]");
            }
            z = array.Data;
        }
        var images = model.Decode(z);
        call.Out.WriteLine(Outputs.WriteImages(args, path, kind, images, model.Signature.Image));
        return 0;
    }
}
