using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>
/// <c>/openapi/v1.json</c> describes the API as it is: every mapped route with its methods, and for each operation
/// every status the server really answers (each provoked here), the bodies both ways and the query parameters.
/// </summary>
public sealed class OpenApiDocumentTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private RunningServer Server => fixture.Server;

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await Server.Client.GetAsync("/openapi/v1.json");
        return await RunningServer.JsonAsync(response);
    }

    private static JsonElement Operation(JsonElement document, string path, string method)
    {
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not in the document");
        Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
        return operation;
    }

    [Fact]
    public async Task OpenApi_EveryMappedRoute_IsInTheDocumentWithEachOfItsMethods()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var routes = Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != "/openapi/{documentName}.json") // the document itself
            .ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} routes found");
        foreach (var route in routes)
        {
            string path = "/" + route.RoutePattern.RawText!.TrimStart('/');
            var methods = route.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods;
            Assert.NotEmpty(methods);
            foreach (string method in methods)
            {
                Operation(document, path, method);
            }
        }
    }

    public static TheoryData<string, string, string, string?, int> Answers()
    {
        string big = """{"z": [0, 0]""" + new string(' ', (int)ServeFixture.MaxBodyBytes) + "}";
        string rows = "[" + string.Join(",", Enumerable.Repeat("[0,0]", ServeFixture.MaxBatch + 1)) + "]";
        string pixels = "[" + string.Join(",", Enumerable.Repeat("0", 784)) + "]";
        string images = "[" + string.Join(",", Enumerable.Repeat(pixels, ServeFixture.MaxBatch + 1)) + "]";
        return new()
        {
            { "GET", "/healthz", "", null, 200 },
            { "GET", "/v1/model", "", null, 200 },
            { "GET", "/v1/latents", "", null, 200 },
            { "GET", "/metrics", "", null, 200 },
            { "GET", "/", "", null, 200 },
            { "HEAD", "/", "", null, 200 },
            { "GET", "/app.js", "", null, 200 },
            { "GET", "/missing.js", "", null, 404 },
            { "POST", "/v1/decode", """{"z": [0, 0]}""", "application/json", 200 },
            { "POST", "/v1/decode", """{"z": 1}""", "application/json", 400 },
            { "POST", "/v1/decode", $$"""{"z": {{rows}}}""", "application/json", 413 },
            { "POST", "/v1/decode", big, "application/json", 413 },
            { "POST", "/v1/decode", """{"z": [0, 0]}""", "text/plain", 415 },
            { "POST", "/v1/decode", """{"z": [0]}""", "application/json", 422 },
            { "POST", "/v1/encode", $$"""{"image": {{pixels}}}""", "application/json", 200 },
            { "POST", "/v1/encode", """{"image": "x"}""", "application/json", 400 },
            { "POST", "/v1/encode", $$"""{"image": {{images}}}""", "application/json", 413 },
            { "POST", "/v1/encode", "x", "image/jpeg", 415 },
            { "POST", "/v1/encode", """{"image": [0]}""", "application/json", 422 },
            { "POST", "/v1/classify", """{"z": [0, 0]}""", "application/json", 200 },
            { "POST", "/v1/classify", $$"""{"image": {{pixels}}}""", "application/json", 200 },
            { "POST", "/v1/classify", """{"z": 1}""", "application/json", 400 },
            { "POST", "/v1/classify", $$"""{"z": {{rows}}}""", "application/json", 413 },
            { "POST", "/v1/classify", "x", "text/plain", 415 },
            { "POST", "/v1/classify", """{"z": [0]}""", "application/json", 422 },
            { "POST", "/v1/generate", """{"n": 2}""", "application/json", 200 },
            { "POST", "/v1/generate", """{"n": "2"}""", "application/json", 400 },
            { "POST", "/v1/generate", """{"n": 65}""", "application/json", 413 },
            { "POST", "/v1/generate", "n=2", "application/x-www-form-urlencoded", 415 },
            { "POST", "/v1/generate", """{"n": 0}""", "application/json", 422 },
            { "POST", "/v1/interpolate", """{"from": [0, 0], "to": [1, 1]}""", "application/json", 200 },
            { "POST", "/v1/interpolate", """{"from": [0, 0]}""", "application/json", 400 },
            { "POST", "/v1/interpolate", """{"from": [0, 0], "to": [1, 1], "steps": 65}""", "application/json", 413 },
            { "POST", "/v1/interpolate", "{}", "text/plain", 415 },
            { "POST", "/v1/interpolate", """{"from": [0, 0], "to": [1, 1], "steps": 1}""", "application/json", 422 },
        };
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task OpenApi_EveryStatusTheServerAnswers_IsDocumentedForItsOperation(string method, string path, string body, string? contentType, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new(contentType);
            }
        }
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);

        string template = path is "/app.js" or "/missing.js" ? "/{file}" : path;
        var responses = Operation(await DocumentAsync(), template, method).GetProperty("responses");
        Assert.True(responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var documented),
            $"{method} {template} answers {status}, the document lists {string.Join(", ", responses.EnumerateObject().Select(p => p.Name))}");
        if (status >= 400)
        {
            Assert.True(documented.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} of {template} is not problem+json");
        }
    }

    [Fact]
    public async Task OpenApi_ClassifyWithoutClassifier_Its404IsDocumentedAsProblemJson()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { ModelDirectory = fixture.WriteModelWithoutClassifier() });
        using var response = await server.PostJsonAsync("/v1/classify", """{"z": [0, 0]}""");
        Assert.Equal(404, (int)response.StatusCode);
        var responses = Operation(await DocumentAsync(), "/v1/classify", "POST").GetProperty("responses");
        Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task OpenApi_NotModified_IsDocumentedForTheLatentsAndTheAssets()
    {
        var document = await DocumentAsync();
        foreach (var (path, asked) in new[] { ("/v1/latents", "/v1/latents"), ("/{file}", "/app.js"), ("/", "/") })
        {
            using var first = await Server.Client.GetAsync(asked);
            using var request = new HttpRequestMessage(HttpMethod.Get, asked);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            using var second = await Server.Client.SendAsync(request);
            Assert.Equal(304, (int)second.StatusCode);
            Assert.True(Operation(document, path, "GET").GetProperty("responses").TryGetProperty("304", out _), $"304 of {path}");
        }
    }

    [Fact]
    public async Task OpenApi_Decode_DocumentsJsonAndNpyBodiesBothWaysAndTheQueryParameters()
    {
        var decode = Operation(await DocumentAsync(), "/v1/decode", "POST");
        var request = decode.GetProperty("requestBody").GetProperty("content");
        Assert.True(request.GetProperty("application/json").GetProperty("schema").TryGetProperty("properties", out var fields)
            || request.GetProperty("application/json").GetProperty("schema").TryGetProperty("$ref", out _));
        Assert.Equal("binary", request.GetProperty("application/x-npy").GetProperty("schema").GetProperty("format").GetString());
        var ok = decode.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(ok.TryGetProperty("application/json", out _));
        Assert.Equal("binary", ok.GetProperty("application/x-npy").GetProperty("schema").GetProperty("format").GetString());
        Assert.True(ok.TryGetProperty("image/png", out _));
        string[] parameters = [.. decode.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        Assert.Equal(["format", "labels"], parameters.Order());
    }

    [Fact]
    public async Task OpenApi_RequestSchemas_NameEveryFieldTheHandlersRead()
    {
        var document = await DocumentAsync();
        foreach (var (path, expected) in new[]
        {
            ("/v1/decode", new[] { "labels", "z" }),
            ("/v1/encode", ["image", "labels"]),
            ("/v1/classify", ["image", "labels", "z"]),
            ("/v1/generate", ["digit", "n", "seed"]),
            ("/v1/interpolate", ["digit", "from", "steps", "to"]),
        })
        {
            var schema = Operation(document, path, "POST").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            Assert.Equal(expected, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
            // Numbers are numbers (the handlers never read them from strings).
            Assert.DoesNotContain("\"string\"", schema.GetProperty("properties").GetRawText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("DecodedImages", new[] { "count", "images" })]
    [InlineData("Encoded", new[] { "count", "latentDim", "logvar", "mu" })]
    [InlineData("Samples", new[] { "count", "images", "seed", "z" })]
    [InlineData("Line", new[] { "count", "images", "z" })]
    [InlineData("Classified", new[] { "classes", "count", "predicted", "probabilities" })]
    public async Task OpenApi_ResponseSchemas_RequireOnlyTheFieldsEveryAnswerHas(string schema, string[] required)
    {
        var document = await DocumentAsync();
        var found = document.GetProperty("components").GetProperty("schemas").GetProperty(schema);
        Assert.Equal(required, found.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order());
    }
}
