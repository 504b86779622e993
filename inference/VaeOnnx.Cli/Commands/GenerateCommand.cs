using System.CommandLine;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae generate</c>: decode random codes z ~ N(0, I), seeded.</summary>
internal static class GenerateCommand
{
    public static Command Create(ModelOptions model)
    {
        var count = CliOptions.Int("--count", "number of images", 25, 1, 1_000_000, null, "-n");
        var seed = SharedOptions.Seed(42, "random seed; the same seed gives the same images");
        var output = new ImageOutput();
        var command = new Command("generate", "decode random codes z ~ N(0, I) (seeded)") { count, seed };
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            using var vae = model.Load(result);
            result.Out().WriteLine(output.Write(result, vae.Sample(result.GetValue(count), result.GetValue(seed)), vae.Signature.Image));
        });
        return command;
    }
}
