using System.CommandLine;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae generate</c>: decode random codes z ~ N(0, I), seeded (under a label each, for a conditional model).</summary>
internal static class GenerateCommand
{
    public static Command Create(ModelOptions model, LabelOptions labels)
    {
        var count = CliOptions.Int("--count", "number of images (with --labels and no --count: one per label)", 25, 1, 1_000_000, null, "-n");
        var seed = SharedOptions.Seed(42, "random seed; the same seed gives the same images");
        var output = new ImageOutput();
        var command = new Command("generate", "decode random codes z ~ N(0, I) (seeded)") { count, seed };
        labels.AddTo(command);
        output.AddTo(command);
        model.AddTo(command);
        command.SetAction(result =>
        {
            using var vae = model.Load(result);
            var labelling = labels.Read(result, vae.Signature);
            int n = result.IsGiven(count) ? result.GetValue(count) : labelling.Count ?? result.GetValue(count);
            // The codes of VaeModel.Sample for this seed, whatever the labels: --digit 7 gives Sample(n, seed, label: 7).
            var z = vae.SampleLatents(n, result.GetValue(seed));
            result.Out().WriteLine(output.Write(result, labelling.Decode(vae, z, "image"), vae.Signature.Image));
        });
        return command;
    }
}
