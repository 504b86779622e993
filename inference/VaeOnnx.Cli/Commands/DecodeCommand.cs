using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae decode</c>: latent codes → images (.png or .npy).</summary>
internal static class DecodeCommand
{
    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var codes = ListOptions.Codes("--z", "codes as comma-separated numbers, several separated by ';' (e.g. \"0.5,-1.2; 0,0\")");
        var codeFile = CliOptions.OptionalText("--z-file", ".npy of codes, float32/float64 [N,latent] or [latent]", "FILE");
        var output = new ImageOutput();
        var command = new Command("decode", "latent codes → images (.png or .npy); give --z or --z-file") { codes, codeFile };
        labels.AddTo(command);
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            if (result.IsGiven(codes) == result.IsGiven(codeFile))
            {
                throw new UsageException("give exactly one of --z or --z-file");
            }
            using var vae = model.Load(result);
            var labelling = labels.Read(result, vae.Signature);
            float[] z = result.IsGiven(codes) ? Flatten(result.GetValue(codes)!, vae.LatentDim) : Read(result.GetValue(codeFile)!, vae.LatentDim);
            result.Out().WriteLine(output.Write(result, labelling.Decode(vae, z, "code"), vae.Signature.Image));
        });
        return command;
    }

    private static float[] Flatten(float[][] codes, int latentDim)
    {
        var z = new float[codes.Length * latentDim];
        for (int i = 0; i < codes.Length; i++)
        {
            if (codes[i].Length != latentDim)
            {
                throw new UsageException($"--z code {i + 1} has {codes[i].Length} values, the model's latent size is {latentDim}");
            }
            codes[i].CopyTo(z, i * latentDim);
        }
        return z;
    }

    private static float[] Read(string file, int latentDim)
    {
        var array = NpyFile.ReadFloat32(file);
        int width = array.Shape.Length == 1 ? array.Shape[0] : array.Shape.Length == 2 ? array.Shape[1] : -1;
        if (width != latentDim || array.Data.Length == 0)
        {
            throw new DataFileException(file, $"shape ({string.Join(", ", array.Shape)}) does not hold latent codes of size {latentDim}: expected [N,{latentDim}] or [{latentDim}]");
        }
        return array.Data;
    }
}
