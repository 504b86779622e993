using System.Text.RegularExpressions;
using VaeOnnx.Trainer.Hosting;

namespace VaeOnnx.Trainer.Tests;

/// <summary>Keeps README.md honest: every make target it shows exists, and the trainer's switches match its table.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
    private static readonly string Makefile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Makefile"));

    [Fact]
    public void Readme_MakeTargets_ExistInMakefile()
    {
        var targets = MakeCommand().Matches(Readme).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToArray();

        Assert.Contains("train", targets);
        Assert.Contains("evaluate", targets);
        Assert.Contains("test", targets);
        foreach (string target in targets)
        {
            Assert.Matches(new Regex($"(?m)^{Regex.Escape(target)}:"), Makefile);
        }
    }

    [Fact]
    public void Readme_TrainerOptionTable_ListsEverySwitch()
    {
        foreach (string sw in TrainerSwitches())
        {
            Assert.True(Readme.Contains($"`{sw}`", StringComparison.Ordinal), $"README does not document {sw}");
        }
    }

    [Fact]
    public void Makefile_TrainVariables_MapToRealSwitches()
    {
        var switches = TrainerSwitches().ToHashSet();
        string trainOptions = Makefile[Makefile.IndexOf("TRAIN_OPTS =", StringComparison.Ordinal)..Makefile.IndexOf("--out $(MODELS)", StringComparison.Ordinal)];
        foreach (Match m in OptCall().Matches(trainOptions))
        {
            Assert.Contains("--" + m.Groups[1].Value, switches);
        }
    }

    private static IEnumerable<string> TrainerSwitches() =>
        TrainerCommand.Describe().Options.Select(o => o.Name).Where(n => n is not ("--help" or "--version"));

    // The lower-case words right after `make` are targets; VARIABLES=... follow them.
    [GeneratedRegex(@"(?m)^make ((?:[a-z][\w-]* +)*[a-z][\w-]*)(?=\s|$)")]
    private static partial Regex MakeCommand();

    [GeneratedRegex(@"\$\(call opt,\w+,([\w-]+)\)")]
    private static partial Regex OptCall();
}
