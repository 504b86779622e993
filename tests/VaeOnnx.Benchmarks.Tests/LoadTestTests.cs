using System.Text.Json;
using VaeOnnx.Benchmarks.ServeLoad;
using VaeOnnx.Benchmarks.Tests.Support;
using VaeOnnx.Contract;
using VaeOnnx.Serve;

namespace VaeOnnx.Benchmarks.Tests;

/// <summary>The HTTP load test of <c>vae-bench</c> (a tiny bounded run); no timing is asserted.</summary>
public sealed class LoadTestTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private LoadTestOptions SmallRun(string output) => new()
    {
        Server = new ServeOptions { ModelDirectory = fixture.ModelDirectory, Device = ExecutionDevice.Cpu, Threads = 1, MaxBatch = 64 },
        SingleRequests = 40,
        BatchRequests = 6,
        NpyBatchRequests = 10,
        BatchSize = 8,
        Clients = 4,
        Rounds = 1,
        OutputPath = output,
    };

    [Fact]
    public async Task LoadTest_SmallRun_CompletesEveryRequestInBothModesAndWritesJson()
    {
        string output = Path.Combine(fixture.NewFolder("load"), "serve-load.json");
        using var log = new StringWriter();
        var runs = await LoadTest.RunAsync(SmallRun(output), log);

        Assert.Equal([false, true], runs.Select(r => r.MicroBatching));
        Assert.All(runs, run =>
        {
            Assert.Equal((40, 0), (run.Single.Completed, run.Single.Failed));
            Assert.Equal((6, 0), (run.Batched.Completed, run.Batched.Failed));
            Assert.Equal((10, 0), (run.BatchedNpy.Completed, run.BatchedNpy.Failed));
            Assert.True(run.LibraryCodesPerSecond > 0);
            Assert.True(run.Single.P50Ms > 0 && run.Single.P99Ms >= run.Single.P50Ms);
        });
        Assert.True(runs[1].OnnxRuns > 0);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetArrayLength());
        Assert.Equal(8, json.RootElement.GetProperty("runs")[0].GetProperty("batched").GetProperty("codesPerRequest").GetInt32());
        Assert.Equal("npy8", json.RootElement.GetProperty("runs")[0].GetProperty("batchedNpy").GetProperty("name").GetString());
        Assert.True(json.RootElement.GetProperty("runs")[0].GetProperty("libraryCodesPerSecond").GetDouble() > 0);
        Assert.Contains("micro-batch", log.ToString(), StringComparison.Ordinal);
        Assert.Contains($"wrote {output}", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadTest_BatchSizeOverTheServersMaxBatch_ThrowsArgumentExceptionNamingIt()
    {
        var options = SmallRun(Path.Combine(fixture.NewFolder("bad"), "load.json")) with { BatchSize = 65 };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => LoadTest.RunAsync(options, TextWriter.Null));
        Assert.Equal(nameof(LoadTestOptions.BatchSize), error.ParamName);
    }
}
