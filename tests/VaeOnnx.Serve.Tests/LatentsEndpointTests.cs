using System.Net;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

public sealed class LatentsEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task Latents_FromDataset_AreTheEncoderMeansOfEveryTestImageWithLabels()
    {
        using var response = await fixture.Server.Client.GetAsync("/v1/latents");
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(fixture.DatasetPixels).Mu;
        Assert.Equal(ServeFixture.DatasetSize, json.GetProperty("count").GetInt32());
        Assert.Equal(ServeFixture.DatasetSize, json.GetProperty("total").GetInt32());
        Assert.Equal(2, json.GetProperty("latentDim").GetInt32());
        Assert.Contains("test split through the encoder", json.GetProperty("source").GetString(), StringComparison.Ordinal);
        var x = json.GetProperty("x").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var y = json.GetProperty("y").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var labels = json.GetProperty("labels").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(0, ServeFixture.DatasetSize).Select(i => mu[i * 2]), x);
        Assert.Equal(Enumerable.Range(0, ServeFixture.DatasetSize).Select(i => mu[(i * 2) + 1]), y);
        Assert.Equal(fixture.DatasetLabels, labels);
    }

    [Fact]
    public async Task Latents_Subsampled_AreAFixedSubsetInDatasetOrder()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { LatentPoints = 50 });
        await using var again = await RunningServer.StartAsync(fixture.Options with { LatentPoints = 50 });
        using var first = await server.Client.GetAsync("/v1/latents");
        using var second = await again.Client.GetAsync("/v1/latents");
        var json = await RunningServer.JsonAsync(first);
        Assert.Equal(50, json.GetProperty("count").GetInt32());
        Assert.Equal(ServeFixture.DatasetSize, json.GetProperty("total").GetInt32());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var mu = fixture.Reference.Encode(fixture.DatasetPixels).Mu;
        var rows = Enumerable.Range(0, ServeFixture.DatasetSize).Select(i => (mu[i * 2], mu[(i * 2) + 1], fixture.DatasetLabels[i])).ToList();
        var xs = json.GetProperty("x").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var ys = json.GetProperty("y").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var ls = json.GetProperty("labels").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
        int last = -1;
        for (int i = 0; i < 50; i++)
        {
            int index = rows.IndexOf((xs[i], ys[i], ls[i]));
            Assert.True(index > last, $"point {i} is not a later dataset row");
            last = index;
        }
    }

    [Fact]
    public async Task Latents_PrecomputedNpyInReports_AreUsedInsteadOfTheDataset()
    {
        string reports = fixture.NewFolder("reports");
        float[] latents = [1f, 2f, 3f, 4f, 5f, 6f];
        NpyFile.Write(Path.Combine(reports, "latents_test.npy"), latents, [3, 2]);
        NpyFile.Write(Path.Combine(reports, "labels_test.npy"), new byte[] { 7, 8, 9 }, [3]);
        await using var server = await RunningServer.StartAsync(fixture.Options with { ReportsDirectory = reports });
        using var response = await server.Client.GetAsync("/v1/latents");
        var json = await RunningServer.JsonAsync(response);
        Assert.EndsWith("latents_test.npy", json.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("[1,3,5]", json.GetProperty("x").GetRawText());
        Assert.Equal("[2,4,6]", json.GetProperty("y").GetRawText());
        Assert.Equal("[7,8,9]", json.GetProperty("labels").GetRawText());
    }

    [Fact]
    public async Task Latents_PrecomputedNpyOfAnotherLatentSize_FallsBackToTheDatasetWithAWarning()
    {
        string reports = fixture.NewFolder("reports3");
        NpyFile.Write(Path.Combine(reports, "latents_test.npy"), new float[9], [3, 3]);
        NpyFile.Write(Path.Combine(reports, "labels_test.npy"), new byte[3], [3]);
        await using var server = await RunningServer.StartAsync(fixture.Options with { ReportsDirectory = reports });
        var json = await RunningServer.JsonAsync(await server.Client.GetAsync("/v1/latents"));
        Assert.Equal(ServeFixture.DatasetSize, json.GetProperty("count").GetInt32());
        Assert.Contains(server.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Message.Contains("latent_dim is 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latents_NoDatasetAndNoReports_AnswerEmptyWithTheReasonAndServerStillServes()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { DataDirectory = fixture.NewFolder("empty") });
        var json = await RunningServer.JsonAsync(await server.Client.GetAsync("/v1/latents"));
        Assert.Equal(0, json.GetProperty("count").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("source").ValueKind);
        Assert.Contains("--data", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var decode = await server.PostJsonAsync("/v1/decode", """{"z": [0, 0]}""");
        Assert.Equal(HttpStatusCode.OK, decode.StatusCode);
    }

    [Fact]
    public async Task Latents_IfNoneMatchWithTheETag_Returns304()
    {
        using var first = await fixture.Server.Client.GetAsync("/v1/latents");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/latents");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await fixture.Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }
}
