using System.Net;
using Microsoft.Extensions.Logging;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>Health, model metadata, the embedded page, unknown routes and the request log.</summary>
public sealed class ServiceEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Healthz_Get_ReturnsOkJson()
    {
        using var response = await Server.Client.GetAsync("/healthz");
        Assert.Equal("ok", (await RunningServer.JsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Model_Get_ReturnsLatentDimProviderLimitsAndMetadata()
    {
        var json = await RunningServer.JsonAsync(await Server.Client.GetAsync("/v1/model"));
        Assert.Equal(2, json.GetProperty("latentDim").GetInt32());
        Assert.Equal(16, json.GetProperty("signature").GetProperty("architecture").GetProperty("hiddenDim").GetInt32());
        Assert.Equal("CPU", json.GetProperty("provider").GetString());
        Assert.Equal(1, json.GetProperty("intraOpThreads").GetInt32());
        Assert.Equal("mlp-16", json.GetProperty("architecture").GetString());
        Assert.True(json.GetProperty("microBatching").GetBoolean());
        Assert.Equal(ServeFixture.MaxBatch, json.GetProperty("limits").GetProperty("maxBatch").GetInt32());
        Assert.Equal(ServeFixture.MaxBodyBytes, json.GetProperty("limits").GetProperty("maxBodyBytes").GetInt64());
        Assert.Equal("vae-decoder", json.GetProperty("metadata").GetProperty("role").GetString());
        Assert.Equal("vae-encoder", json.GetProperty("encoderMetadata").GetProperty("role").GetString());
        Assert.Equal(ServeFixture.DatasetSize, json.GetProperty("latents").GetProperty("count").GetInt32());
        Assert.Equal("[28,28]", json.GetProperty("imageShape").GetRawText());
        Assert.Equal(0, json.GetProperty("classes").GetInt32());
        Assert.Equal(fixture.Reference.Signature.ToJson(), json.GetProperty("signature").GetRawText());
    }

    [Fact]
    public async Task Root_Get_ServesTheEmbeddedExplorerWithSecurityHeaders()
    {
        using var response = await Server.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("VAE latent-space explorer", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"app.js\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/index.html", "text/html")]
    public async Task Asset_Get_ServesTheEmbeddedFileWithItsContentType(string path, string mediaType)
    {
        using var response = await Server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        string source = Path.Combine(RepositoryPaths.Root, "inference", "VaeOnnx.Serve", "wwwroot", path.TrimStart('/'));
        Assert.Equal(await File.ReadAllBytesAsync(source), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Asset_IfNoneMatch_Returns304()
    {
        using var first = await Server.Client.GetAsync("/app.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Root_Head_ReturnsHeadersOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/missing.js")]
    [InlineData("/v1/nothing")]
    [InlineData("/v2/decode")]
    public async Task UnknownPath_Get_Returns404ProblemJson(string path)
    {
        using var response = await Server.Client.GetAsync(path);
        Assert.Equal($"no resource at {path}; the API is under /v1 (see GET /v1/model)", await RunningServer.ProblemAsync(response, 404));
    }

    [Theory]
    [InlineData("GET", "/v1/decode")]
    [InlineData("PUT", "/v1/encode")]
    [InlineData("POST", "/v1/model")]
    [InlineData("DELETE", "/")]
    public async Task WrongMethod_Returns405ProblemJson(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal($"{method} is not allowed on {path}", await RunningServer.ProblemAsync(response, 405));
    }

    [Fact]
    public async Task RequestLog_EveryRequest_OneLineWithMethodPathStatusTimeAndBatch()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options);
        using (await server.PostJsonAsync("/v1/decode", """{"z": [[0, 0], [1, 1], [2, 2]]}"""))
        using (await server.PostJsonAsync("/v1/decode", """{"z": [0]}"""))
        using (await server.Client.GetAsync("/healthz"))
        {
        }
        await server.App.StopAsync(); // the log line is written when the request completes; stopping flushes all
        var lines = server.Logs.Entries.Where(e => e.Category == RequestLogging.Category).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Equal(LogLevel.Information, line.Level));
        // Lines are written as requests complete, so find them by content rather than by position.
        var decode = lines.Single(l => Equals(l.Values["StatusCode"], 200) && Equals(l.Values["Path"], "/v1/decode"));
        Assert.Equal("POST", decode.Values["Method"]);
        Assert.Equal(3, decode.Values["BatchSize"]);
        Assert.IsType<double>(decode.Values["ElapsedMs"]);
        Assert.Matches(@"^POST /v1/decode 200 \d+\.\d{3} ms batch=3$", decode.Message);
        Assert.Single(lines, l => Equals(l.Values["StatusCode"], 422) && Equals(l.Values["Path"], "/v1/decode"));
        Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l.Message, @"^GET /healthz 200 .* batch=0$"));
    }

    [Fact]
    public async Task Problems_ClientFaults_AreAnsweredWithoutAnErrorInTheLog()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options);
        using (var unprocessable = await server.PostJsonAsync("/v1/decode", """{"z": [0]}"""))
        using (var unsupported = await server.PostAsync("/v1/decode", "{}"u8.ToArray(), "text/plain"))
        using (var missing = await server.Client.GetAsync("/v2/decode"))
        {
            await RunningServer.ProblemAsync(unprocessable, 422);
            await RunningServer.ProblemAsync(unsupported, 415);
            await RunningServer.ProblemAsync(missing, 404);
        }
        await server.App.StopAsync();
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task RequestLog_Quiet_WritesNoRequestLines()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { LogRequests = false });
        using (await server.Client.GetAsync("/healthz"))
        {
        }
        await server.App.StopAsync();
        Assert.DoesNotContain(server.Logs.Entries, e => e.Category == RequestLogging.Category);
    }
}
