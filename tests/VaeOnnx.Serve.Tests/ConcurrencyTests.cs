using System.Globalization;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>Many clients share one model: answers under concurrency equal the sequential ones, bit for bit.</summary>
public sealed class ConcurrencyTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static string Body(int i) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"z": [{{(i % 16) * 0.37 - 3}}, {{(i / 16) * 0.41 - 2}}]}""");

    private static string BatchBody(int i) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"z": [[{{i * 0.1}}, 1], [-1, {{i * 0.05}}], [{{-i * 0.07}}, {{i * 0.03}}]]}""");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Decode_64ParallelRequests_IdenticalToSequentialAndToTheLibrary(bool microBatching)
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { MicroBatching = microBatching });
        var sequential = new List<string>();
        for (int i = 0; i < 64; i++)
        {
            using var response = await server.PostJsonAsync("/v1/decode", i % 4 == 3 ? BatchBody(i) : Body(i));
            sequential.Add(await response.Content.ReadAsStringAsync());
        }

        using var start = new SemaphoreSlim(0);
        var parallel = Enumerable.Range(0, 64).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await server.PostJsonAsync("/v1/decode", i % 4 == 3 ? BatchBody(i) : Body(i));
            Assert.Equal(200, (int)response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }).ToArray();
        start.Release(64);
        var results = await Task.WhenAll(parallel);

        Assert.Equal(sequential, results);
        var first = System.Text.Json.JsonDocument.Parse(results[0]).RootElement;
        Assert.Equal(fixture.Reference.Decode([-3f, -2f]), RunningServer.Floats(first.GetProperty("images")));
    }

    /// <summary>One request through the batcher: its codes in, its own images out.</summary>
    private static async Task<float[]> DecodeAsync(DecodeBatcher batcher, VaeOnnx.Inference.VaeModel model, float[] z, int[]? labels = null)
    {
        int count = z.Length / model.LatentDim;
        var images = new float[count * model.ImageSize];
        await batcher.DecodeAsync(z, labels, count, images, CancellationToken.None);
        return images;
    }

    [Fact]
    public async Task DecodeBatcher_ConcurrentCallers_EachGetTheirOwnRows()
    {
        await using var batcher = new DecodeBatcher(fixture.Reference, new ServeMetrics());
        var inputs = Enumerable.Range(0, 200).Select(i => new[] { (i % 20) * 0.3f - 3f, (i / 20) * 0.5f - 2.5f }).ToArray();
        var tasks = inputs.Select(z => Task.Run(() => DecodeAsync(batcher, fixture.Reference, z))).ToArray();
        var outputs = await Task.WhenAll(tasks);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(fixture.Reference.Decode(inputs[i]), outputs[i]);
        }
        Assert.Equal(200, batcher.Requests);
        Assert.InRange(batcher.Runs, 1, 200);
    }

    [Fact]
    public async Task DecodeBatcher_RequestsQueuedBehindABusyRun_AreMergedAndRowsAreBitIdentical()
    {
        await using var batcher = new DecodeBatcher(fixture.Reference, new ServeMetrics());
        // A large first job keeps the worker busy; the 100 single codes queued meanwhile go into one merged run.
        var big = Enumerable.Range(0, 40_000 * 2).Select(k => ((k * 13) % 60) * 0.1f - 3f).ToArray();
        var bigTask = DecodeAsync(batcher, fixture.Reference, big);
        var inputs = Enumerable.Range(0, 100).Select(i => new[] { (i % 10) * 0.6f - 3f, (i / 10) * 0.6f - 3f }).ToArray();
        var tasks = inputs.Select(z => DecodeAsync(batcher, fixture.Reference, z)).ToArray();
        var outputs = await Task.WhenAll(tasks);
        await bigTask;
        Assert.Equal(101, batcher.Requests);
        Assert.InRange(batcher.Runs, 2, 3);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(fixture.Reference.Decode(inputs[i]), outputs[i]);
        }
    }

    [Fact]
    public async Task DecodeBatcher_MixedBatchSizesOverTheRunLimit_SplitsRunsAndKeepsOrder()
    {
        await using var batcher = new DecodeBatcher(fixture.Reference, new ServeMetrics());
        var inputs = Enumerable.Range(0, 12).Select(i =>
        {
            int count = i % 3 == 0 ? 700 : 5; // 700 + 700 > 1024: the second waits for the next run
            return Enumerable.Range(0, count * 2).Select(k => ((k * 7 + i) % 50) * 0.1f - 2.5f).ToArray();
        }).ToArray();
        var outputs = await Task.WhenAll(inputs.Select(z => DecodeAsync(batcher, fixture.Reference, z)));
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(fixture.Reference.Decode(inputs[i]), outputs[i]);
        }
    }

    [Fact]
    public async Task DecodeBatcher_ConditionalRequestsMerged_EachRowDecodedUnderItsOwnLabel()
    {
        string models = fixture.NewFolder("conditional-batcher");
        TinyVae.Create(latent: 2, hidden: 16, seed: 4, classes: 10).WriteModel(models);
        using var model = VaeOnnx.Inference.VaeModel.Load(models, new() { Device = Contract.ExecutionDevice.Cpu, IntraOpThreads = 1 });
        await using var batcher = new DecodeBatcher(model, new ServeMetrics());
        // The same code under ten labels, queued together behind a big run: merged, but each row keeps its label.
        var big = DecodeAsync(batcher, model, new float[20_000 * 2], new int[20_000]);
        float[] z = [0.5f, -1f];
        var tasks = Enumerable.Range(0, 10).Select(label => DecodeAsync(batcher, model, z, [label])).ToArray();
        var outputs = await Task.WhenAll(tasks);
        await big;
        Assert.Equal(11, batcher.Requests);
        Assert.InRange(batcher.Runs, 2, 3);
        for (int label = 0; label < 10; label++)
        {
            Assert.Equal(model.Decode(z, [label]), outputs[label]);
        }
        Assert.NotEqual(outputs[0], outputs[1]);
    }
}
