using System.Net;
using System.Net.Sockets;
using VaeOnnx.Cli;
using VaeOnnx.Cli.Commands;
using VaeOnnx.Contract;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary><c>vae serve</c>: its options, their validation, the exit codes and the graceful shutdown.</summary>
public sealed class ServeVerbTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static async Task<(int Code, string Out, string Error)> ServeAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await CliApp.RunAsync(["serve", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A failure while starting: one line naming it, no stack trace.</summary>
    private static void AssertOneLine(string error, string expected)
    {
        string line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("vae: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private static ServeOptions Parse(params string[] args)
    {
        var verb = new ServeCommand(new ModelOptions());
        var result = verb.Command.Parse(args);
        Assert.Empty(result.Errors);
        return verb.ToOptions(result);
    }

    [Fact]
    public async Task Serve_MissingEncoder_Exit2WithOneLineSayingRunMakeTrain()
    {
        string empty = fixture.NewFolder("models");
        var (code, _, error) = await ServeAsync("--models", empty, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{Path.Combine(empty, "encoder.onnx")}: file not found (run `make train` first, or pass --models DIR)");
    }

    [Fact]
    public async Task Serve_MissingModelFolder_Exit2WithOneLineNamingItAsGiven()
    {
        var (code, _, error) = await ServeAsync("--models", "no/such/models", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, "vae: no/such/models: model folder not found (run `make train` first");
    }

    [Fact]
    public async Task Serve_CorruptModelFile_Exit2WithOneLineNamingTheFile()
    {
        string models = fixture.NewFolder("corrupt");
        File.Copy(Path.Combine(fixture.ModelDirectory, "encoder.onnx"), Path.Combine(models, "encoder.onnx"));
        await File.WriteAllTextAsync(Path.Combine(models, "decoder.onnx"), "not onnx");
        var (code, _, error) = await ServeAsync("--models", models, "--device", "cpu", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, "decoder.onnx");
    }

    [Fact]
    public async Task Serve_CorruptClassifier_Exit2WithOneLineNamingTheFile()
    {
        string models = fixture.WriteModelWithoutClassifier();
        await File.WriteAllTextAsync(Path.Combine(models, "classifier.onnx"), "not onnx");
        var (code, _, error) = await ServeAsync("--models", models, "--device", "cpu", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{Path.Combine(models, "classifier.onnx")}: not a loadable ONNX model");
    }

    [Fact]
    public async Task Serve_ClassifierOfAnotherModel_Exit2WithOneLineSayingSo()
    {
        string models = fixture.WriteModelWithoutClassifier();
        TinyClassifier.Create(TinyVae.Create(latent: 3, hidden: 16, seed: 3).Signature).Write(models);
        var (code, _, error) = await ServeAsync("--models", models, "--device", "cpu", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{Path.Combine(models, "classifier.onnx")}: fitted on the latents of another model");
    }

    [Theory]
    [InlineData("--device gpu", "--device: 'gpu' is not one of auto, cpu, cuda")]
    [InlineData("--device-id -1", "--device-id: must be between 0 and 64 (got -1)")]
    [InlineData("--threads -1", "--threads: must be between 0 and 1024 (got -1)")]
    [InlineData("--threads many", "--threads: 'many' is not an integer")]
    [InlineData("--max-batch 0", "--max-batch: must be between 1 and 65536 (got 0)")]
    [InlineData("--max-body-bytes 10", "--max-body-bytes: must be between 1024 and 1073741824 (got 10)")]
    [InlineData("--max-body-bytes 4294967296", "--max-body-bytes: '4294967296' is not an integer")]
    [InlineData("--latent-points -5", "--latent-points: must be between 0 and 1000000 (got -5)")]
    [InlineData("--drain-seconds 601", "--drain-seconds: must be between 0 and 600 (got 601)")]
    [InlineData("--urls localhost:5080", "--urls: 'localhost:5080' is not an address like http://127.0.0.1:5080")]
    [InlineData("--urls http://127.0.0.1:99999", "--urls: 'http://127.0.0.1:99999' is not an address like")]
    [InlineData("--urls http://127.0.0.1:5080/api", "--urls: 'http://127.0.0.1:5080/api' is not an address like")]
    [InlineData("--urls ftp://127.0.0.1:21", "--urls: 'ftp://127.0.0.1:21' is not an address like")]
    [InlineData("--urls ;", "--urls: needs at least one address")]
    [InlineData("--micro-batch on", "unexpected argument 'on'")]
    [InlineData("--quiet=yes", "unexpected argument 'yes'")]
    [InlineData("--port 5080", "unknown option '--port'")]
    [InlineData("--load-test", "unknown option '--load-test'")]
    [InlineData("models", "unexpected argument 'models'")]
    [InlineData("--models", "Required argument missing for option: '--models'.")]
    public async Task Serve_BadOption_Exit2WithAParseErrorNamingIt(string args, string expected)
    {
        var (code, output, error) = await ServeAsync(args.Split(' '));
        Assert.Equal((2, ""), (code, output));
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"vae: {expected}", lines[0], StringComparison.Ordinal);
        Assert.Equal("See 'vae serve --help'.", lines[1]);
    }

    [Fact]
    public async Task Serve_Help_ListsEveryOptionWithItsDefaultAndExits0()
    {
        var (code, output, error) = await ServeAsync("--help");
        Assert.Equal((0, ""), (code, error));
        foreach (string expected in new[]
        {
            "--models <DIR>", "[default: models]", "--urls <URLS>", "[default: http://127.0.0.1:5080]", "--device <auto|cpu|cuda>",
            "--device-id <N>", "--threads <N>", "[default: 1]", "--data <DIR>", "[default: data/mnist]", "--reports <DIR>", "[default: reports]",
            "--max-batch <N>", "[default: 1024]", "--max-body-bytes <N>", "[default: 16777216]", "--latent-points <N>", "[default: 5000]",
            "--drain-seconds <N>", "[default: 10]", "--micro-batch ", "--quiet ",
        })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("--load-test", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOptions_NoArguments_GivesTheDocumentedDefaults()
    {
        var options = Parse();
        Assert.Equal(new ServeOptions(), options);
        Assert.Equal("models", options.ModelDirectory);
        Assert.Equal("http://127.0.0.1:5080", options.Urls);
        Assert.Equal("data/mnist", options.DataDirectory);
        Assert.Equal(ExecutionDevice.Auto, options.Device);
        Assert.Equal(1, options.Threads);
        Assert.False(options.MicroBatching);
        Assert.True(options.LogRequests);
    }

    [Fact]
    public void ToOptions_EveryOption_IsRead()
    {
        var options = Parse(
            "--models", "m", "--urls=http://127.0.0.1:6000;http://[::1]:6001", "--device", "cpu", "--device-id", "1", "--threads", "3",
            "--data", "d", "--reports", "r", "--max-batch", "10", "--max-body-bytes", "4096", "--latent-points", "7",
            "--drain-seconds", "3", "--micro-batch", "--quiet");
        Assert.Equal(new ServeOptions
        {
            ModelDirectory = "m",
            Urls = "http://127.0.0.1:6000;http://[::1]:6001",
            Device = ExecutionDevice.Cpu,
            DeviceId = 1,
            Threads = 3,
            DataDirectory = "d",
            ReportsDirectory = "r",
            MaxBatch = 10,
            MaxBodyBytes = 4096,
            LatentPoints = 7,
            DrainSeconds = 3,
            MicroBatching = true,
            LogRequests = false,
        }, options);
    }

    [Fact]
    public async Task Serve_AddressInUse_Exit2WithOneLine()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var (code, _, error) = await ServeAsync("--models", fixture.ModelDirectory, "--device", "cpu", "--threads", "1",
            "--data", fixture.DataDirectory, "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{port}");
    }
}
