using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae manifold</c>: decode a regular grid over two latent dimensions.</summary>
internal static class ManifoldCommand
{
    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var grid = CliOptions.Int("--grid", "N×N images", 20, 1, 1000);
        var range = CliOptions.Double("--range", "evenly spaced values in [-R, R] on both axes", 3.0, 0.001);
        var quantiles = CliOptions.Flag("--quantiles", "standard-normal quantiles of 0.05…0.95 instead (Kingma & Welling's figure)");
        var dims = ListOptions.Ints("--dims", "the two latent dimensions to vary, the others are 0; " +
            "columns: X from low to high, rows: Y from high (top) to low", [0, 1], min: 0, "X,Y", count: 2);
        var output = new ImageOutput(padding: 0, columnsDefault: "--grid");
        var command = new Command("manifold", "decode a regular grid over two latent dimensions") { grid, range, quantiles, dims };
        labels.AddTo(command);
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            if (result.IsGiven(range) && result.GetValue(quantiles))
            {
                throw new UsageException("give --range or --quantiles, not both");
            }
            var xy = result.GetValue(dims)!;
            int side = result.GetValue(grid);
            using var vae = model.Load(result);
            var labelling = labels.Read(result, vae.Signature);
            int latent = vae.LatentDim;
            if (latent > 1 && (xy[0] >= latent || xy[1] >= latent || xy[0] == xy[1]))
            {
                throw new UsageException($"--dims must name two different dimensions below the latent size {latent}");
            }
            var z = LatentGrid.Plane(latent, side, (float)result.GetValue(range), result.GetValue(quantiles), xy[0], latent > 1 ? xy[1] : 1);
            result.Out().WriteLine(output.Write(result, labelling.Decode(vae, z, "image"), vae.Signature.Image, columns: side));
        });
        return command;
    }
}
