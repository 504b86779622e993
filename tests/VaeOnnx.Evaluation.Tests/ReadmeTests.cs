using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests;

/// <summary>Keeps the evaluation's README honest about its command line.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "evaluation", "VaeOnnx.Evaluation", "README.md"));

    [Fact]
    public void Readme_OptionsBlock_IsTheGeneratedHelp()
    {
        var help = new StringWriter();
        Assert.Equal(0, EvaluateCommand.Run(["--help"], FakeVae.Factory(2), new TestNpyWriter(), help, TextWriter.Null));
        var options = help.ToString().Split('\n').SkipWhile(l => l != "Options:").Skip(1).Where(l => l.StartsWith("  -", StringComparison.Ordinal));

        Assert.All(options, line => Assert.True(Readme.Contains(line.TrimEnd() + "\n", StringComparison.Ordinal),
            $"README.md does not show this line of --help:\n{line}"));
    }
}
