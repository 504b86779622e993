using System.Net;
using System.Net.Sockets;
using VaeOnnx.Contract;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

public sealed class ServeCommandTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await ServeCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLine(string error, string expected)
    {
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("vae serve: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingEncoder_Exit2WithOneLineSayingRunMakeTrain()
    {
        string empty = fixture.NewFolder("models");
        var (code, _, error) = await RunAsync("--models", empty, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{Path.Combine(empty, "encoder.onnx")} not found: run `make train` first");
    }

    [Fact]
    public async Task Run_MissingModelFolder_Exit2WithOneLine()
    {
        var (code, _, error) = await RunAsync("--models", "no/such/models", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, "no/such/models not found: run `make train` first");
    }

    [Fact]
    public async Task Run_CorruptModelFile_Exit2WithOneLineNamingTheFile()
    {
        string models = fixture.NewFolder("corrupt");
        File.Copy(Path.Combine(fixture.ModelDirectory, "encoder.onnx"), Path.Combine(models, "encoder.onnx"));
        await File.WriteAllTextAsync(Path.Combine(models, "decoder.onnx"), "not onnx");
        var (code, _, error) = await RunAsync("--models", models, "--device", "cpu", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        AssertOneLine(error, "decoder.onnx");
    }

    [Theory]
    [InlineData("--device gpu", "--device must be auto, cpu or cuda")]
    [InlineData("--threads -1", "--threads must be between 0 and 1024")]
    [InlineData("--threads many", "--threads needs a whole number")]
    [InlineData("--max-batch 0", "--max-batch must be between 1")]
    [InlineData("--max-body-bytes 10", "--max-body-bytes must be between 1024")]
    [InlineData("--latent-points -5", "--latent-points must be between 0")]
    [InlineData("--micro-batch maybe", "--micro-batch must be on or off")]
    [InlineData("--urls localhost:5080", "is not an address like")]
    [InlineData("--port 5080", "unknown option '--port'")]
    [InlineData("models", "unexpected argument 'models'")]
    [InlineData("--models", "option --models needs a value")]
    [InlineData("--models a --models b", "given more than once")]
    [InlineData("--quiet=yes", "takes no value")]
    public async Task Run_BadOption_Exit2WithOneLine(string args, string expected)
    {
        var (code, output, error) = await RunAsync(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        AssertOneLine(error, expected);
    }

    [Fact]
    public async Task Run_Help_PrintsUsageAndExits0()
    {
        var (code, output, error) = await RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("usage: vae serve", output, StringComparison.Ordinal);
        Assert.Contains("--max-body-bytes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoArguments_GivesTheDocumentedDefaults()
    {
        var options = ServeCommand.Parse([]);
        Assert.Equal(new ServeOptions(), options);
        Assert.Equal("models", options.ModelDirectory);
        Assert.Equal("http://127.0.0.1:5080", options.Urls);
        Assert.Equal("data/mnist", options.DataDirectory);
        Assert.Equal(ExecutionDevice.Auto, options.Device);
        Assert.Equal(1, options.Threads);
        Assert.False(options.MicroBatching);
    }

    [Fact]
    public void Parse_EveryOption_IsRead()
    {
        var options = ServeCommand.Parse([
            "--models", "m", "--urls=http://127.0.0.1:6000", "--device", "cpu", "--device-id", "1", "--threads", "3",
            "--data", "d", "--reports", "r", "--max-batch", "10", "--max-body-bytes", "4096", "--latent-points", "7",
            "--micro-batch", "on", "--quiet",
        ]);
        Assert.Equal(new ServeOptions
        {
            ModelDirectory = "m",
            Urls = "http://127.0.0.1:6000",
            Device = ExecutionDevice.Cpu,
            DeviceId = 1,
            Threads = 3,
            DataDirectory = "d",
            ReportsDirectory = "r",
            MaxBatch = 10,
            MaxBodyBytes = 4096,
            LatentPoints = 7,
            MicroBatching = true,
            LogRequests = false,
        }, options);
    }

    [Fact]
    public async Task Run_AddressInUse_Exit2WithOneLine()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var (code, _, error) = await RunAsync("--models", fixture.ModelDirectory, "--device", "cpu", "--threads", "1",
            "--data", fixture.DataDirectory, "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(2, code);
        AssertOneLine(error, $"{port}");
    }

    [Fact]
    public async Task Run_UntilCancelled_ServesThenShutsDownGracefullyWithExit0()
    {
        int port = FreePort();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = ServeCommand.RunAsync(["--models", fixture.ModelDirectory, "--device", "cpu", "--threads", "1", "--data", fixture.DataDirectory,
            "--urls", $"http://127.0.0.1:{port}", "--quiet"], stdout, stderr, stop.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        HttpStatusCode? status = null;
        for (int attempt = 0; attempt < 100 && status is null && !run.IsCompleted; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal(HttpStatusCode.OK, status);
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("", stderr.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
