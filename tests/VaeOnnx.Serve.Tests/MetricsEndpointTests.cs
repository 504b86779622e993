using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary><c>GET /metrics</c>: Prometheus text with the requests by endpoint and status, their latencies and the model calls.</summary>
public sealed class MetricsEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static async Task<MetricsText> ScrapeAsync(RunningServer server)
    {
        using var response = await server.Client.GetAsync("/metrics");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new MetricsText(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_AfterSomeRequests_CountsThemByEndpointAndStatusWithLatenciesAndModelCalls()
    {
        // A server of its own: its registry holds exactly the requests below (directly decoded: one model call each).
        await using var server = await RunningServer.StartAsync(fixture.Options with { MicroBatching = false });
        for (int i = 0; i < 3; i++)
        {
            using var ok = await server.PostJsonAsync("/v1/decode", """{"z": [[0, 0], [1, 1]]}""");
            Assert.Equal(200, (int)ok.StatusCode);
        }
        using (var refused = await server.PostJsonAsync("/v1/decode", """{"z": [0]}"""))
        {
            Assert.Equal(422, (int)refused.StatusCode);
        }
        using (var encoded = await server.PostAsync("/v1/encode", VaeOnnx.Data.PngFile.EncodeGray(new byte[784], 28, 28), "image/png"))
        {
            Assert.Equal(200, (int)encoded.StatusCode);
        }
        using (await server.Client.GetAsync("/healthz"))
        using (await server.Client.GetAsync("/healthz"))
        {
        }
        // Classify: codes go straight to the classifier; an image is encoded first (one more encode call).
        using (var codes = await server.PostJsonAsync("/v1/classify", """{"z": [[0, 0], [1, 1], [2, 2]]}"""))
        using (var image = await server.PostAsync("/v1/classify", VaeOnnx.Data.PngFile.EncodeGray(new byte[784], 28, 28), "image/png"))
        {
            Assert.Equal((200, 200), ((int)codes.StatusCode, (int)image.StatusCode));
        }

        var metrics = await ScrapeAsync(server);
        (string, string)[] decodeOk = [("endpoint", "/v1/decode"), ("method", "POST"), ("code", "200")];
        Assert.Equal(3, metrics.Value("http_requests_received_total", decodeOk));
        Assert.Equal(1, metrics.Value("http_requests_received_total", ("endpoint", "/v1/decode"), ("code", "422")));
        Assert.Equal(1, metrics.Value("http_requests_received_total", ("endpoint", "/v1/encode"), ("code", "200")));
        Assert.Equal(2, metrics.Value("http_requests_received_total", ("endpoint", "/healthz"), ("method", "GET"), ("code", "200")));
        Assert.Equal(3, metrics.Value("http_request_duration_seconds_count", decodeOk));
        Assert.Equal(3, metrics.Value("http_request_duration_seconds_bucket", [.. decodeOk, ("le", "+Inf")]));
        // The model: three decodes of two codes (the refused request never reached it), two encodes of one image (one for
        // /v1/encode, one for the classified image) and two classifications (three codes, then the one image's μ).
        Assert.Equal(3, metrics.Value("vae_model_call_duration_seconds_count", ("operation", "decode")));
        Assert.Equal(6, metrics.Value("vae_model_batch_size_sum", ("operation", "decode")));
        Assert.Equal(3, metrics.Value("vae_model_batch_size_bucket", ("operation", "decode"), ("le", "2")));
        Assert.Equal(0, metrics.Value("vae_model_batch_size_bucket", ("operation", "decode"), ("le", "1")));
        Assert.Equal(2, metrics.Value("http_requests_received_total", ("endpoint", "/v1/classify"), ("method", "POST"), ("code", "200")));
        Assert.Equal(2, metrics.Value("vae_model_call_duration_seconds_count", ("operation", "encode")));
        Assert.Equal(2, metrics.Value("vae_model_call_duration_seconds_count", ("operation", "classify")));
        Assert.Equal(4, metrics.Value("vae_model_batch_size_sum", ("operation", "classify")));
        Assert.True(metrics.Value("vae_model_call_duration_seconds_sum", ("operation", "decode")) > 0);
    }

    [Fact]
    public async Task Metrics_TwoServersInOneProcess_CountOnlyTheirOwnRequests()
    {
        await using var first = await RunningServer.StartAsync(fixture.Options);
        await using var second = await RunningServer.StartAsync(fixture.Options);
        using (await first.Client.GetAsync("/healthz"))
        {
        }
        Assert.Equal(1, (await ScrapeAsync(first)).Value("http_requests_received_total", ("endpoint", "/healthz")));
        Assert.Equal(0, (await ScrapeAsync(second)).Value("http_requests_received_total", ("endpoint", "/healthz")));
    }
}
