using System.Text.Json;
using VaeOnnx.Contract;
using VaeOnnx.Serve.LoadTesting;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>The load-test mode itself (a tiny bounded run); no timing is asserted.</summary>
public sealed class LoadTestTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task LoadTest_SmallRun_CompletesEveryRequestInBothModesAndWritesJson()
    {
        string output = Path.Combine(fixture.NewFolder("load"), "serve-load.json");
        using var log = new StringWriter();
        var runs = await LoadTest.RunAsync(new LoadTestOptions
        {
            Server = fixture.Options with { Device = ExecutionDevice.Cpu },
            SingleRequests = 40,
            BatchRequests = 6,
            BatchSize = 8,
            Clients = 4,
            Rounds = 1,
            OutputPath = output,
        }, log);

        Assert.Equal([false, true], runs.Select(r => r.MicroBatching));
        Assert.All(runs, run =>
        {
            Assert.Equal((40, 0), (run.Single.Completed, run.Single.Failed));
            Assert.Equal((6, 0), (run.Batched.Completed, run.Batched.Failed));
            Assert.True(run.Single.P50Ms > 0 && run.Single.P99Ms >= run.Single.P50Ms);
        });
        Assert.True(runs[1].OnnxRuns > 0);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetArrayLength());
        Assert.Equal(8, json.RootElement.GetProperty("runs")[0].GetProperty("batched").GetProperty("codesPerRequest").GetInt32());
        Assert.Contains("micro-batch", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LoadTestFlag_RunsTheLoadTestAndExits0()
    {
        string output = Path.Combine(fixture.NewFolder("load-cli"), "load.json");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await ServeCommand.RunAsync(["--load-test", "--models", fixture.ModelDirectory, "--device", "cpu", "--threads", "1",
            "--requests", "10", "--batch-requests", "2", "--batch-size", "4", "--clients", "2", "--rounds", "1", "--out", output], stdout, stderr);
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        Assert.True(File.Exists(output));
        Assert.Contains($"wrote {output}", stdout.ToString(), StringComparison.Ordinal);
    }
}
