using System.CommandLine.Help;
using VaeOnnx.Cli;

namespace VaeOnnx.Inference.Tests;

/// <summary>The command line of <c>vae</c> itself: generated help, version, suggestions and parse errors (no model needed).</summary>
public sealed class CliCommandLineTests
{
    private static (int Code, string Out, string Err) Vae(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static TheoryData<string> Verbs() => [.. CliApp.Describe().Subcommands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Help_EveryVerb_ListsEachOptionWithItsDefault(string verb)
    {
        var (code, output, error) = Vae(verb, "--help");
        Assert.Equal((0, ""), (code, error));
        var command = CliApp.Describe().Subcommands.Single(c => c.Name == verb);
        Assert.Contains(command.Description!, output, StringComparison.Ordinal);
        foreach (var option in command.Options.Where(o => o is not HelpOption))
        {
            Assert.Contains(option.Name, output, StringComparison.Ordinal);
            // A flag's implicit false is not a default worth showing, and help does not.
            if (option.HasDefaultValue && option.Arity.MaximumNumberOfValues > 0)
            {
                Assert.Contains($"[default: {option.GetDefaultValue()}]", output, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("generate", "[default: 25]")]
    [InlineData("generate", "[default: 42]")]
    [InlineData("manifold", "--padding <N>")]
    [InlineData("bench", "[default: 1,64,1024]")]
    [InlineData("serve", "[default: http://127.0.0.1:5080]")]
    [InlineData("serve", "--micro-batch ")]
    public void Help_Verb_ShowsTheRealDefaults(string verb, string expected)
    {
        Assert.Contains(expected, Vae(verb, "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Manifold_ShowsItsOwnPaddingDefault()
    {
        string help = Vae("manifold", "--help").Out;
        string padding = help.Split('\n').Single(l => l.TrimStart().StartsWith("--padding", StringComparison.Ordinal));
        Assert.EndsWith("[default: 0]", padding.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_Flag_PrintsTheVersionAndTheOnnxRuntimeAndExits0()
    {
        var (code, output, error) = Vae("--version");
        Assert.Equal((0, ""), (code, error));
        Assert.Matches(@"^vae \d+\.\d+\.\d+ \(ONNX Runtime \d+\.\d+\.\d+\)$", output.Trim());
    }

    [Theory]
    [InlineData("genrate", "unexpected argument 'genrate' (did you mean generate?)", null)]
    [InlineData("serve --url http://127.0.0.1:0", "unknown option '--url' (did you mean --urls?)", "serve")]
    [InlineData("generate --seeed 1", "unknown option '--seeed' (did you mean --seed?)", "generate")]
    [InlineData("manifold --quantile", "unknown option '--quantile' (did you mean --quantiles?)", "manifold")]
    public void Parse_Typo_SuggestsTheClosestName(string args, string expected, string? verb)
    {
        Assert.Equal($"vae: {expected}", CliTests.AssertParseError(Vae(args.Split(' ')), verb));
    }

    [Theory]
    [InlineData("encode --images a.idx --out a.npy --invert true", "encode", "'true'")]
    [InlineData("manifold --out m.png --quantiles yes", "manifold", "'yes'")]
    [InlineData("generate --out g.png -v 1", "generate", "'1'")]
    [InlineData("serve --quiet true", "serve", "'true'")]
    public void Parse_FlagGivenAValue_IsRefused(string args, string verb, string value)
    {
        // (System.CommandLine may add its own guesses at what was meant.)
        Assert.StartsWith($"vae: unexpected argument {value}", CliTests.AssertParseError(Vae(args.Split(' ')), verb), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generate --out g.png --count x", "generate", "--count: 'x' is not an integer")]
    [InlineData("generate --out g.png --seed -1", "generate", "--seed: must be at least 0 (got -1)")]
    [InlineData("generate", "generate", "Option '--out' is required.")]
    [InlineData("encode --out a.npy", "encode", "Option '--images' is required.")]
    [InlineData("decode --z 1,2 --out a.gif", "decode", "--out: must end in .png or .npy (got 'a.gif')")]
    [InlineData("interpolate --from-index -1 --to-index 2 --out s.png", "interpolate", "--from-index: must be at least 0 (got -1)")]
    [InlineData("manifold --out m.png --dims 0,1,2", "manifold", "--dims: expects 2 comma-separated integers of at least 0, got 3")]
    [InlineData("manifold --out m.png --range 0", "manifold", "--range: must be at least 0.001 (got 0)")]
    [InlineData("bench --batch 1,0", "bench", "--batch: expects comma-separated integers of at least 1, got '1,0'")]
    [InlineData("bench --json out.txt", "bench", "--json: must end in .json (got 'out.txt')")]
    [InlineData("info --device-id 65", "info", "--device-id: must be between 0 and 64 (got 65)")]
    public void Parse_BadValue_Exits2WithTheErrorAndTheVerbsHelp(string args, string verb, string expected)
    {
        Assert.Equal($"vae: {expected}", CliTests.AssertParseError(Vae(args.Split(' ')), verb));
    }

    [Fact]
    public void Describe_EveryVerb_HasADescriptionAndAnAction()
    {
        Assert.All(CliApp.Describe().Subcommands, command =>
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description));
            Assert.NotNull(command.Action);
        });
    }
}
