using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) with an HttpClient pointed at it; logs are captured.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, LogCapture logs)
    {
        App = app;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<RunningServer> StartAsync(ServeOptions options)
    {
        var logs = new LogCapture();
        var app = VaeServer.Build(options with { Urls = "http://127.0.0.1:0" }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logs);
        });
        await app.StartAsync();
        return new RunningServer(app, logs);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        PostAsync(path, Encoding.UTF8.GetBytes(json), "application/json");

    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? contentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await Client.PostAsync(path, content);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Asserts an RFC 7807 answer with <paramref name="status"/>: type (the RFC section ASP.NET Core links), title,
    /// status, the request path as instance and a trace id; returns its detail.
    /// </summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.Matches(@"^https://tools\.ietf\.org/html/rfc\d+#section-[\d.]+$", root.GetProperty("type").GetString());
        Assert.Equal(response.RequestMessage!.RequestUri!.AbsolutePath, root.GetProperty("instance").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("traceId").GetString()));
        return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
    }

    public static float[] Floats(JsonElement rows)
    {
        var values = new List<float>();
        foreach (var row in rows.EnumerateArray())
        {
            foreach (var value in row.EnumerateArray())
            {
                values.Add(value.GetSingle());
            }
        }
        return [.. values];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
