using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Tests.Cli;

public sealed class EvaluateCommandTests
{
    private static (int Code, string Out, string Err) Run(VaeBackendFactory factory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = EvaluateCommand.Run(args, factory, new TestNpyWriter(), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A usage error: exit 2, one line naming the problem, then the usage hint; returns the first line.</summary>
    private static string AssertUsage((int Code, string Out, string Err) result)
    {
        Assert.Equal(ExitCodes.Usage, result.Code);
        string[] lines = result.Err.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal("See 'vae-evaluate --help'.", lines[1]);
        return lines[0];
    }

    /// <summary>A failure after parsing: the exit code and exactly one line; returns it.</summary>
    private static string AssertOneLine((int Code, string Out, string Err) result, int code)
    {
        Assert.True(result.Code == code, $"exit {result.Code}: {result.Err}");
        return Assert.Single(result.Err.Trim().Split('\n'));
    }

    /// <summary>A model folder with stand-in ONNX files and a small synthetic dataset.</summary>
    private static TempDirectory Workspace(int train = 50, int test = 20)
    {
        var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), train, test);
        Directory.CreateDirectory(dir.Combine("models"));
        File.WriteAllText(dir.Combine("models", ArtifactNames.Encoder), "stand-in");
        File.WriteAllText(dir.Combine("models", ArtifactNames.Decoder), "stand-in");
        return dir;
    }

    private static string[] Paths(TempDirectory dir, string? output = null) =>
        ["--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", output ?? dir.Combine("out")];

    /// <summary>The options the command hands to the pipeline (the backend factory receives them, then stops the run).</summary>
    private static EvaluationOptions OptionsFor(params string[] args)
    {
        EvaluationOptions? seen = null;
        VaeBackendFactory capture = (options, _) =>
        {
            seen = options;
            throw new OperationCanceledException();
        };
        var (code, _, err) = Run(capture, args);
        Assert.True(code == ExitCodes.Interrupted, err);
        return seen!;
    }

    [Fact]
    public void Run_Help_ListsEveryOptionWithItsDefault()
    {
        var (code, output, _) = Run(FakeVae.Factory(2), "--help");
        var defaults = new EvaluationOptions();

        Assert.Equal(ExitCodes.Success, code);
        string[] lines = output.Split('\n');
        foreach (var (option, shown) in new[]
        {
            ("--models <DIR>", defaults.ModelDirectory), ("--data <DIR>", defaults.DataDirectory), ("--out <DIR>", defaults.OutputDirectory),
            ("--sample-size <N|all>", "all"), ("--trees <N>", "100"), ("--seed <N>", "42"), ("--threads <N>", "0"),
            // System.CommandLine prints an enum default by its member name; the choices show how to type it.
            ("--classifier-protocol <train-test|test-split>", defaults.Protocol.ToString()), ("--device <auto|cpu|cuda>", defaults.Device.ToString()),
            ("--classifier <forest|logistic|mlp|all>", defaults.Classifier.ToString()), ("--tsne-perplexity <X>", "30"),
        })
        {
            string line = Assert.Single(lines, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.EndsWith($"[default: {shown}]", line.TrimEnd(), StringComparison.Ordinal);
        }
        Assert.Contains("--version", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done, 2 bad options", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_Version_PrintsTheInformationalVersion()
    {
        // In process the entry assembly is the test host, whose version System.CommandLine would print: run the program.
        var assembly = typeof(EvaluateCommand).Assembly;
        var start = new ProcessStartInfo("dotnet", [assembly.Location, "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var program = Process.Start(start)!;
        string output = program.StandardOutput.ReadToEnd();
        string error = program.StandardError.ReadToEnd();
        program.WaitForExit();

        Assert.True(program.ExitCode == ExitCodes.Success, error);
        Assert.Equal(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, output.Trim());
    }

    [Theory]
    [InlineData("--trees", "ten", "--trees: 'ten' is not an integer")]
    [InlineData("--trees", "0", "--trees: must be between 1 and 10000 (got 0)")]
    [InlineData("--sample-size", "1.5", "--sample-size: '1.5' is not a count of 1 or more, or all")]
    [InlineData("--sample-size", "0", "--sample-size: '0' is not a count of 1 or more, or all")]
    [InlineData("--sample-size", "-5", "--sample-size: '-5' is not a count of 1 or more, or all")]
    [InlineData("--classifier-protocol", "cv", "--classifier-protocol: 'cv' is not one of train-test, test-split")]
    [InlineData("--classifier", "svm", "--classifier: 'svm' is not one of forest, logistic, mlp, all")]
    [InlineData("--tsne-perplexity", "1", "--tsne-perplexity: must be between 2 and 1000 (got 1)")]
    [InlineData("--tsne-perplexity", "many", "--tsne-perplexity: 'many' is not a number")]
    [InlineData("--device", "tpu", "--device: 'tpu' is not one of auto, cpu, cuda")]
    [InlineData("--threads", "-1", "--threads: must be between 0 and 1024 (got -1)")]
    [InlineData("--seed", "-3", "--seed: must be at least 0 (got -3)")]
    [InlineData("--out", " ", "--out: needs a non-empty value")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    [InlineData("--tree", "3", "unknown option '--tree' (did you mean --trees?)")]
    public void Run_BadOption_OneLineHintAndExitCode2(string option, string value, string expected)
    {
        Assert.Equal($"vae-evaluate: {expected}", AssertUsage(Run(FakeVae.Factory(2), option, value)));
    }

    [Fact]
    public void Run_OptionWithoutValue_ExitCode2()
    {
        Assert.Contains("'--seed'", AssertUsage(Run(FakeVae.Factory(2), "--seed")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StrayArgument_ExitCode2()
    {
        Assert.Equal("vae-evaluate: unexpected argument 'extra'", AssertUsage(Run(FakeVae.Factory(2), "extra")));
    }

    [Fact]
    public void Run_OnlyPaths_HandsTheDefaultsToThePipeline()
    {
        using var dir = Workspace();
        var options = OptionsFor(Paths(dir));

        Assert.Equal(new EvaluationOptions { ModelDirectory = dir.Combine("models"), DataDirectory = dir.Combine("data"), OutputDirectory = dir.Combine("out") },
            options);
    }

    [Fact]
    public void Run_EveryOption_ReachesThePipeline()
    {
        using var dir = Workspace();
        var o = OptionsFor("--models", dir.Combine("models"), $"--data={dir.Combine("data")}", "--out", dir.Combine("o"), "--sample-size", "1000",
            "--trees", "20", "--classifier-protocol", "test-split", "--seed", "3", "--device", "cpu", "--threads", "1",
            "--classifier", "logistic", "--no-tsne", "--tsne-perplexity", "12.5");

        Assert.Equal((dir.Combine("models"), dir.Combine("data"), dir.Combine("o")), (o.ModelDirectory, o.DataDirectory, o.OutputDirectory));
        Assert.Equal(1000, o.SampleSize);
        Assert.Equal(20, o.Trees);
        Assert.Equal(ClassifierSelection.Logistic, o.Classifier);
        Assert.Equal(TSneMode.Never, o.TSne);
        Assert.Equal(12.5, o.TSnePerplexity);
        Assert.Equal(ClassifierProtocol.TestSplit, o.Protocol);
        Assert.Equal(3, o.Seed);
        Assert.Equal(ExecutionDevice.Cpu, o.Device);
        Assert.Equal(1, o.EffectiveThreads);
    }

    [Fact]
    public void Run_Tsne_ForcesTheView()
    {
        using var dir = Workspace();
        Assert.Equal(TSneMode.Always, OptionsFor([.. Paths(dir), "--tsne"]).TSne);
    }

    [Fact]
    public void Run_TsneAndNoTsne_UsageErrorNamingBoth()
    {
        Assert.Equal("vae-evaluate: --tsne and --no-tsne exclude each other", AssertUsage(Run(FakeVae.Factory(2), "--tsne", "--no-tsne")));
    }

    [Fact]
    public void Run_ClassifierMlpWithoutClassifierOnnx_ExitsTwoNamingTheFile()
    {
        using var dir = Workspace(150, 60);
        string line = AssertOneLine(Run(FakeVae.Factory(2), [.. Paths(dir), "--classifier", "mlp", "--threads", "1"]), ExitCodes.Usage);

        Assert.Equal("vae-evaluate: models/classifier.onnx: file not found", line);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ALL")]
    public void Run_SampleSizeAll_MeansEveryImage(string all)
    {
        using var dir = Workspace();
        Assert.Null(OptionsFor([.. Paths(dir), "--sample-size", all]).SampleSize);
    }

    [Fact]
    public void Run_ModelsMissing_ExitsTwoWithMakeTrainHint()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("models"));
        string line = AssertOneLine(Run(FakeVae.Factory(2), "--models", dir.Combine("models")), ExitCodes.Usage);

        Assert.Equal($"vae-evaluate: {dir.Combine("models", ArtifactNames.Encoder)}: file not found (run `make train` first, or pass --models DIR)", line);
    }

    [Fact]
    public void Run_BackendRejectsModel_ExitsTwoWithItsMessage()
    {
        using var dir = Workspace();
        string encoder = dir.Combine("models", ArtifactNames.Encoder);
        VaeBackendFactory corrupt = (_, _) => throw new VaeModelException(encoder, VaeModelFault.Unreadable, "not a loadable ONNX model");
        string line = AssertOneLine(Run(corrupt, Paths(dir)), ExitCodes.Usage);

        Assert.Equal($"vae-evaluate: {encoder}: not a loadable ONNX model", line);
    }

    [Fact]
    public void Run_UnexpectedFailure_ExitsOneWithOneLine()
    {
        using var dir = Workspace();
        VaeBackendFactory broken = (_, _) => throw new InvalidOperationException("kaput");
        string line = AssertOneLine(Run(broken, Paths(dir)), ExitCodes.Failure);

        Assert.Equal("vae-evaluate: unexpected InvalidOperationException: kaput", line);
    }

    [Fact]
    public void Run_SmallSyntheticRun_PrintsStagesAndSummaryTable()
    {
        using var dir = Workspace(150, 60);
        var (code, output, err) = Run(FakeVae.Factory(2), [.. Paths(dir), "--trees", "3", "--threads", "1"]);

        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("image quality", output, StringComparison.Ordinal);
        Assert.Contains("classifiers on μ", output, StringComparison.Ordinal);
        Assert.Contains("RandomForest (3 trees)", output, StringComparison.Ordinal);
        Assert.Contains("Logistic regression", output, StringComparison.Ordinal);
        Assert.Contains("│ accuracy ", output, StringComparison.Ordinal);
        Assert.Contains("SSIM mean", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("out", ArtifactNames.ReportHtml)));
    }

    [ReadOnlyFolderFact]
    [UnsupportedOSPlatform("windows")]
    public void Run_OutputFolderReadOnly_ExitsTwoNamingIt()
    {
        using var dir = Workspace();
        string output = dir.Sub("read-only");
        ReadOnlyFolderFactAttribute.MakeReadOnly(output);
        try
        {
            string line = AssertOneLine(Run(FakeVae.Factory(2), Paths(dir, output)), ExitCodes.Usage);
            Assert.StartsWith($"vae-evaluate: {output}: cannot write into the output folder given by --out (", line, StringComparison.Ordinal);
        }
        finally
        {
            ReadOnlyFolderFactAttribute.MakeWritable(output);
        }
    }

    [Fact]
    public void Run_OutputFolderBelowAFile_ExitsTwoNamingIt()
    {
        using var dir = Workspace();
        File.WriteAllText(dir.File("a-file"), "in the way");
        string output = dir.Combine("a-file", "reports");
        string line = AssertOneLine(Run(FakeVae.Factory(2), Paths(dir, output)), ExitCodes.Usage);

        Assert.StartsWith($"vae-evaluate: {output}: cannot write into the output folder given by --out (", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OutputIsAFile_ExitsTwoNamingIt()
    {
        using var dir = Workspace();
        File.WriteAllText(dir.File("reports"), "in the way");
        string line = AssertOneLine(Run(FakeVae.Factory(2), Paths(dir, dir.File("reports"))), ExitCodes.Usage);

        Assert.Equal($"vae-evaluate: {dir.File("reports")}: the output folder given by --out is a file", line);
    }

    [Fact]
    public void Run_FigureNameTakenByAFolder_ExitsTwoNamingTheFigure()
    {
        using var dir = Workspace(150, 60);
        string figure = Directory.CreateDirectory(dir.Combine("out", LossCurvesFigure.FileName)).FullName;
        string line = AssertOneLine(Run(FakeVae.Factory(2), [.. Paths(dir), "--trees", "3", "--threads", "1"]), ExitCodes.Usage);

        Assert.StartsWith($"vae-evaluate: {figure}: cannot replace the file (", line, StringComparison.Ordinal);
    }
}
