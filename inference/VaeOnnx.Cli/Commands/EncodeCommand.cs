using System.Globalization;
using System.Text;
using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

internal static class EncodeCommand
{
    public static CommandSpec Spec { get; } = new(
        "encode",
        "images → latent means and log-variances (.npy or .csv)",
        "usage: vae encode --images FILE --out latents.(npy|csv) [options]\n\n" +
        "  --images FILE       IDX (raw or .gz), one PNG, or .npy images (uint8 0–255 or float in [0,1]) of the model's size\n" +
        "  -o, --out FILE      .npy: mu float32 [N,latent] to FILE and logvar to FILE with .logvar.npy in place of .npy\n" +
        "                      .csv: header index,mu_0..mu_{k-1},logvar_0..logvar_{k-1}, one row per image\n" +
        "  --limit N           only the first N images\n" +
        "  --invert            use 1 − pixel (for dark digits on a light background)\n\n" + CommonOptions.Help,
        CommonOptions.With(new("--images"), new("--out", Alias: "-o"), new("--limit"), new("--invert", TakesValue: false)),
        MaxPositional: 0,
        Run);

    /// <summary>Where the log-variances of <c>X.npy</c> go: <c>X.logvar.npy</c>.</summary>
    public static string LogVarPath(string muPath) => Path.ChangeExtension(muPath, null) + ".logvar.npy";

    private static int Run(Invocation call)
    {
        var args = call.Args;
        string images = args.Require("--images");
        var (path, kind) = Outputs.Target(args, OutputKind.Npy, OutputKind.Csv);
        using var model = CommonOptions.Load(call);
        var pixels = ImageInput.Load(images, model.Signature.Image, args.GetOptionalInt("--limit", min: 1), args.Has("--invert"));
        var latents = model.Encode(pixels);
        if (kind == OutputKind.Npy)
        {
            string logVarPath = LogVarPath(path);
            NpyFile.Write(path, latents.Mu, [latents.Count, latents.LatentDim]);
            NpyFile.Write(logVarPath, latents.LogVar, [latents.Count, latents.LatentDim]);
            call.Out.WriteLine($"wrote {path} (mu) and {logVarPath} (logvar), float32 [{latents.Count},{latents.LatentDim}]");
            return 0;
        }
        var csv = new StringBuilder();
        csv.Append("index");
        for (int d = 0; d < latents.LatentDim; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $",mu_{d}");
        }
        for (int d = 0; d < latents.LatentDim; d++)
        {
            csv.Append(CultureInfo.InvariantCulture, $",logvar_{d}");
        }
        csv.Append('\n');
        for (int i = 0; i < latents.Count; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture));
            foreach (float v in latents.MuOf(i))
            {
                csv.Append(',').Append(v.ToString("G9", CultureInfo.InvariantCulture));
            }
            foreach (float v in latents.LogVarOf(i))
            {
                csv.Append(',').Append(v.ToString("G9", CultureInfo.InvariantCulture));
            }
            csv.Append('\n');
        }
        AtomicFile.WriteAllText(path, csv.ToString());
        call.Out.WriteLine($"wrote {path} ({latents.Count} rows, latent {latents.LatentDim})");
        return 0;
    }
}
