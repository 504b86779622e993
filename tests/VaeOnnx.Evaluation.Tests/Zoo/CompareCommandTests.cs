using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;
using VaeOnnx.Evaluation.Zoo;

namespace VaeOnnx.Evaluation.Tests.Zoo;

/// <summary>
/// <c>vae-evaluate compare</c> on a hand-made zoo: tiny ONNX members (one conditional) beside the embedded MNIST test set,
/// and the ways a zoo.json or a member's folder can be wrong.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    // compare never opens a model through the evaluation's backend: it reads the ONNX files with the inference library.
    private static readonly VaeBackendFactory NoBackend = (_, _) => throw new InvalidOperationException("compare opened the evaluation backend");

    private (int Code, string Out, string Err) Compare(params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = EvaluateCommand.Run(["compare", "--zoo", Zoo, "--models-root", ModelsRoot, "--data", RepositoryPaths.Mnist, "--threads", "1", .. extra],
            NoBackend, new TestNpyWriter(), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Zoo => _temp.Combine("reports", "zoo");

    private string ModelsRoot => _temp.Combine("models", "zoo");

    private static ZooRow Row(string name) => new()
    {
        Name = name,
        Model = "mlp-16, 1x28x28 → z 2",
        Beta = 1,
        Parameters = 25_000,
        OnnxBytes = 100_000,
        Epochs = 1,
        TrainSecondsPerEpoch = 2.5,
        TrainSeconds = 2.5,
        TrainLoss = 180.25,
        TestLoss = 170.5,
        TestBce = 165.25,
        TestKld = 5.25,
        SsimMean = 0.5,
        PsnrMean = 14.25,
        MseMean = 0.0425,
        ClassifierAccuracy = new Dictionary<string, double> { ["RandomForest"] = 0.5, ["Logistic regression"] = 0.625 },
        Trustworthiness = new Dictionary<string, double> { ["latent"] = 1 },
        DecodeP50UsBatch1 = 10,
        DecodeP50UsBatch1024 = 2048,
    };

    /// <summary>Writes zoo.json with <paramref name="rows"/>, and a tiny model and a report folder for each of <paramref name="present"/>.</summary>
    private void Write(IEnumerable<ZooRow> rows, params (string Name, int Classes)[] present)
    {
        Directory.CreateDirectory(Zoo);
        File.WriteAllText(Path.Combine(Zoo, ArtifactNames.ZooSummary), ZooRow.ToJson(rows));
        foreach (var (name, classes) in present)
        {
            TinyVae.Create(latent: 2, hidden: 16, seed: 3, classes: classes).WriteModel(Path.Combine(ModelsRoot, name));
            Directory.CreateDirectory(Path.Combine(Zoo, name));
        }
    }

    private static string OneLine(string error) => Assert.Single(error.Trim().Split('\n'));

    [Fact]
    public void CompareCommand_OneMemberFolderMissing_LeavesItOutWithOneLineAndShowsTheOthers()
    {
        Write([Row("tiny"), Row("gone"), Row("tiny-cvae")], ("tiny", 0), ("tiny-cvae", 10));

        var (code, output, error) = Compare();

        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Equal($"vae-evaluate compare: member gone left out: model folder {Path.Combine(ModelsRoot, "gone")} is missing", OneLine(error));
        Assert.Contains("compared 2 of 3 members", output, StringComparison.Ordinal);
        string[] markdown = File.ReadAllLines(Path.Combine(Zoo, ZooPages.MarkdownFile));
        var tableRows = markdown.Where(l => l.StartsWith("| tiny", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, tableRows.Length);
        // The row's numbers as zoo.json gave them: classifiers by accuracy, the medians as durations.
        Assert.Equal("| tiny | mlp-16, 1x28x28 → z 2 | 25,000 | 0.10 | 1 | 2.50 | 180.25 | 170.50 | 165.25 / 5.25 | 0.500 | 14.25 | 0.0425 | 0.625 Logistic regression, 0.500 RandomForest | latent 1.000 | 10.0 µs | 2.05 ms |",
            tableRows[0]);
        Assert.Contains("Left out: gone (model folder", string.Join('\n', markdown), StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(Zoo, ArtifactNames.ReportHtml));
        Assert.Contains("<a href=\"tiny/index.html\">tiny</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"tiny-cvae/index.html\">tiny-cvae</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("gone/index.html", html, StringComparison.Ordinal);
        var (rw, rh) = ZooReconstructionsFigure.SizeFor(ImageShape.Mnist, 2);
        Png.AssertFigure(File.ReadAllBytes(Path.Combine(Zoo, ZooReconstructionsFigure.FileName)), rw, rh);
        var (sw, sh) = ZooSamplesFigure.SizeFor(ImageShape.Mnist, 2);
        Png.AssertFigure(File.ReadAllBytes(Path.Combine(Zoo, ZooSamplesFigure.FileName)), sw, sh);
    }

    [Fact]
    public void CompareCommand_NoMemberHasItsFolders_Exit2WithOneLineAndWritesNothing()
    {
        Write([Row("gone"), Row("also-gone")]);

        var (code, _, error) = Compare();

        Assert.Equal(ExitCodes.Usage, code);
        string[] lines = error.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("vae-evaluate compare: member gone left out: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"vae-evaluate: {ModelsRoot}: none of the 2 members of zoo.json has its model and report folders (run `make zoo` first)", lines[2]);
        Assert.Equal([ArtifactNames.ZooSummary], Directory.GetFiles(Zoo).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("not json", "zoo.json: not a list of zoo rows (")]
    [InlineData("{\"name\": \"mlp-2\"}", "zoo.json: not a list of zoo rows (")]
    [InlineData("[{\"name\": \"mlp-2\"}]", "zoo.json: not a list of zoo rows (")]
    [InlineData("[]", "zoo.json: holds no members")]
    [InlineData("[null]", "zoo.json: row 1 has no name")]
    public void CompareCommand_BadZooJson_Exit2WithOneLineNamingTheFile(string json, string expected)
    {
        Directory.CreateDirectory(Zoo);
        File.WriteAllText(Path.Combine(Zoo, ArtifactNames.ZooSummary), json);

        var (code, _, error) = Compare();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith($"vae-evaluate: {Path.Combine(Zoo, expected)}", OneLine(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", "member name '..' is not a folder name")]
    [InlineData("a/b", "member name 'a/b' is not a folder name")]
    public void CompareCommand_MemberNameIsAPath_Exit2(string name, string expected)
    {
        Write([Row(name)]);

        var (code, _, error) = Compare();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"vae-evaluate: {Path.Combine(Zoo, ArtifactNames.ZooSummary)}: {expected}", OneLine(error));
    }

    [Fact]
    public void CompareCommand_TwoRowsOfOneName_Exit2()
    {
        Write([Row("tiny"), Row("tiny")], ("tiny", 0));

        var (code, _, error) = Compare();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.EndsWith("zoo.json: member 'tiny' appears 2 times", OneLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public void CompareCommand_NoZooJson_Exit2WithTheHint()
    {
        var (code, _, error) = Compare();

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"vae-evaluate: {Path.Combine(Zoo, ArtifactNames.ZooSummary)}: not found (run `make zoo` (vae-bench zoo), which writes it)", OneLine(error));
    }
}
