using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;

namespace VaeOnnx.Evaluation.Zoo;

/// <summary>
/// <c>vae-evaluate compare</c>: the options of <see cref="ZooComparison"/>, declared once with their defaults from
/// <see cref="CompareOptions"/>. Errors take the program's one error policy (one line, exit 2 for a missing or bad
/// <see cref="ArtifactNames.ZooSummary"/>, no member left, or unreadable data).
/// </summary>
internal static class CompareCommand
{
    /// <summary>The subcommand.</summary>
    public static Command Create()
    {
        var defaults = new CompareOptions();
        var zoo = CliOptions.Text("--zoo", $"the zoo's reports folder: {ArtifactNames.ZooSummary} and one report folder per member; the outputs go here",
            defaults.ZooDirectory, "DIR");
        var modelsRoot = CliOptions.Text("--models-root", "one model folder per member, named as the member", defaults.ModelsRoot, "DIR");
        var data = SharedOptions.Data();
        var seed = SharedOptions.Seed(defaults.Seed, "seed of the codes z ~ N(0, I) every member decodes");
        var device = SharedOptions.Device();
        var threads = SharedOptions.Threads(defaults.Threads, "ONNX Runtime threads, 0 = all cores");
        var command = new Command("compare",
            $"the zoo side by side (run by `make zoo`): {ZooPages.MarkdownFile} and {ArtifactNames.ReportHtml} with one table of every member, " +
            $"{ZooReconstructionsFigure.FileName} and {ZooSamplesFigure.FileName}. A member whose model or report folder is missing is left out " +
            "with one line; none left is exit 2.")
        {
            zoo, modelsRoot, data, seed, device, threads,
        };
        command.SetAction(result =>
        {
            ZooComparison.Run(new CompareOptions
            {
                ZooDirectory = result.GetValue(zoo)!,
                ModelsRoot = result.GetValue(modelsRoot)!,
                DataDirectory = result.GetValue(data)!,
                Seed = result.GetValue(seed),
                Device = result.GetValue(device),
                Threads = result.GetValue(threads),
            }, result.Out(), result.Error());
            return ExitCodes.Success;
        });
        return command;
    }
}
