using System.CommandLine;
using System.Globalization;
using System.Text;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae encode</c>: images → latent means and log-variances (.npy or .csv).</summary>
internal static class EncodeCommand
{
    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var images = ImageOptions.Images();
        var output = OutputFile.Option(".npy: mu float32 [N,latent] to FILE and logvar to FILE with .logvar.npy in place of .npy; " +
            ".csv: header index,mu_0..mu_{k-1},logvar_0..logvar_{k-1}, one row per image", OutputKind.Npy, OutputKind.Csv);
        var limit = ImageOptions.Limit("only the first N images (and labels)");
        var invert = ImageOptions.Invert();
        var command = new Command("encode", "images → latent means and log-variances (.npy or .csv)") { images, output, limit, invert };
        labels.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            string path = result.GetValue(output)!;
            using var vae = model.Load(result);
            var labelling = labels.Read(result, vae.Signature).First(result.GetValue(limit));
            var pixels = ImageInput.Load(result.GetValue(images)!, vae.Signature.Image, result.GetValue(limit), result.GetValue(invert));
            var latents = labelling.Encode(vae, pixels);
            result.Out().WriteLine(OutputFile.KindOf(path) == OutputKind.Npy ? WriteNpy(path, latents) : WriteCsv(path, latents));
        });
        return command;
    }

    /// <summary>Where the log-variances of <c>X.npy</c> go: <c>X.logvar.npy</c>.</summary>
    public static string LogVarPath(string muPath) => Path.ChangeExtension(muPath, null) + ".logvar.npy";

    private static string WriteNpy(string path, VaeLatents latents)
    {
        string logVarPath = LogVarPath(path);
        NpyFile.Write(path, latents.Mu, [latents.Count, latents.LatentDim]);
        NpyFile.Write(logVarPath, latents.LogVar, [latents.Count, latents.LatentDim]);
        return $"wrote {path} (mu) and {logVarPath} (logvar), float32 [{latents.Count},{latents.LatentDim}]";
    }

    private static string WriteCsv(string path, VaeLatents latents)
    {
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
        return $"wrote {path} ({latents.Count} rows, latent {latents.LatentDim})";
    }
}
