using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;

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

    [Fact]
    public void Run_Help_PrintsUsageAndSucceeds()
    {
        var (code, output, _) = Run(FakeVae.Factory(2), "--help");
        Assert.Equal(0, code);
        Assert.Contains("--classifier-protocol", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwoWithOneLine()
    {
        var (code, _, err) = Run(FakeVae.Factory(2), "--nope");
        Assert.Equal(2, code);
        Assert.Equal("vae-evaluate: unknown option '--nope' (see --help)", err.Trim());
    }

    [Fact]
    public void Run_ModelsMissing_ExitsTwoWithMakeTrainHint()
    {
        using var dir = new TempDirectory();
        var (code, _, err) = Run(FakeVae.Factory(2), "--models", dir.Combine("models"));
        Assert.Equal(2, code);
        Assert.Equal($"vae-evaluate: {dir.Combine("models", "encoder.onnx")} not found: run `make train` first", err.Trim());
    }

    [Fact]
    public void Run_BackendRejectsModel_ExitsTwoWithItsMessage()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 50, 20);
        Directory.CreateDirectory(dir.Combine("models"));
        File.WriteAllText(dir.Combine("models", "encoder.onnx"), "garbage");
        File.WriteAllText(dir.Combine("models", "decoder.onnx"), "garbage");
        VaeBackendFactory corrupt = (_, _) => throw new EvaluationInputException("models/encoder.onnx: not a loadable ONNX model");
        var (code, _, err) = Run(corrupt, "--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"));
        Assert.Equal(2, code);
        Assert.Equal("vae-evaluate: models/encoder.onnx: not a loadable ONNX model", err.Trim());
    }

    [Fact]
    public void Run_UnexpectedFailure_ExitsOneWithoutStackTrace()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 50, 20);
        Directory.CreateDirectory(dir.Combine("models"));
        File.WriteAllText(dir.Combine("models", "encoder.onnx"), "x");
        File.WriteAllText(dir.Combine("models", "decoder.onnx"), "x");
        VaeBackendFactory broken = (_, _) => throw new InvalidOperationException("kaput");
        var (code, _, err) = Run(broken, "--models", dir.Combine("models"), "--data", dir.Combine("data"), "--out", dir.Combine("out"));
        Assert.Equal(1, code);
        Assert.Contains("unexpected InvalidOperationException: kaput", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SmallSyntheticRun_PrintsStagesAndSummaryTable()
    {
        using var dir = new TempDirectory();
        SyntheticMnist.Write(dir.Combine("data"), 150, 60);
        Directory.CreateDirectory(dir.Combine("models"));
        File.WriteAllText(dir.Combine("models", "encoder.onnx"), "x");
        File.WriteAllText(dir.Combine("models", "decoder.onnx"), "x");
        var (code, output, err) = Run(FakeVae.Factory(2), "--models", dir.Combine("models"), "--data", dir.Combine("data"),
            "--out", dir.Combine("out"), "--trees", "3", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("image quality", output, StringComparison.Ordinal);
        Assert.Contains("RandomForest (3 trees) accuracy", output, StringComparison.Ordinal);
        Assert.Contains("SSIM mean", output, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.Combine("out", "index.html")));
    }
}
