using System.Globalization;
using System.Text;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

public sealed class DecodeEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Decode_SingleCode_ReturnsTheLibrarysImageBitForBit()
    {
        using var response = await Server.PostJsonAsync("/v1/decode", """{"z": [0.25, -1.5]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        Assert.Equal("[28,28]", json.GetProperty("shape").GetRawText());
        var images = RunningServer.Floats(json.GetProperty("images"));
        Assert.Equal(fixture.Reference.Decode([0.25f, -1.5f]), images);
    }

    [Fact]
    public async Task Decode_Batch_ReturnsOneImagePerCodeInOrder()
    {
        float[] z = [0f, 0f, 1f, -1f, -2.5f, 3f];
        using var response = await Server.PostJsonAsync("/v1/decode", """{"z": [[0, 0], [1, -1], [-2.5, 3]]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(3, json.GetProperty("count").GetInt32());
        Assert.Equal(3, json.GetProperty("images").GetArrayLength());
        Assert.Equal(fixture.Reference.Decode(z), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Decode_FormatPngSingleCode_ReturnsA28x28PngOfTheImage()
    {
        using var response = await Server.PostJsonAsync("/v1/decode?format=png", """{"z": [0.5, 0.5]}""");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = PngFile.DecodeGray(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((28, 28), (png.Width, png.Height));
        var expected = new byte[784];
        PixelScaling.ToBytes(fixture.Reference.Decode([0.5f, 0.5f]), expected);
        Assert.Equal(expected, png.Pixels);
    }

    [Fact]
    public async Task Decode_FormatPngBatch_ReturnsBase64PngsInJson()
    {
        using var response = await Server.PostJsonAsync("/v1/decode?format=png", """{"z": [[0.5, 0.5], [-1, 2]]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal("png", json.GetProperty("format").GetString());
        var reference = fixture.Reference.Decode([0.5f, 0.5f, -1f, 2f]);
        int i = 0;
        foreach (var item in json.GetProperty("images").EnumerateArray())
        {
            var png = PngFile.DecodeGray(Convert.FromBase64String(item.GetString()!));
            var expected = new byte[784];
            PixelScaling.ToBytes(reference.AsSpan(i * 784, 784), expected);
            Assert.Equal(expected, png.Pixels);
            i++;
        }
        Assert.Equal(2, i);
    }

    [Fact]
    public async Task Decode_JsonWithCharsetAndFormatJson_IsAccepted()
    {
        using var response = await Server.PostAsync("/v1/decode?format=json", Encoding.UTF8.GetBytes("""{"z":[1,2]}"""), "application/json; charset=utf-8");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        Assert.Equal(fixture.Reference.Decode([1f, 2f]), RunningServer.Floats(json.GetProperty("images")));
    }

    [Theory]
    [InlineData("""{"z": [0.1]}""", 422, "expected 2")]
    [InlineData("""{"z": [0.1, 0.2, 0.3]}""", 422, "latent_dim")]
    [InlineData("""{"z": [[0.1, 0.2], [0.3]]}""", 422, "'z[1]' has 1 values")]
    [InlineData("""{"z": [0.1, "NaN"]}""", 422, "NaN")]
    [InlineData("""{"z": [[0, 0], ["-Infinity", 1]]}""", 422, "'z[1][0]' is -Infinity")]
    [InlineData("""{"z": [0.1, 1e39]}""", 422, "float32 range")]
    [InlineData("""{"z": [0.1, -1e400]}""", 422, "float32 range")]
    [InlineData("""{"z": []}""", 422, "empty")]
    [InlineData("""{"z": [0.1, 0.2], "extra": 1}""", 400, "unknown field 'extra'")]
    [InlineData("""{"Z": [0.1, 0.2]}""", 400, "unknown field 'Z'")]
    [InlineData("""{"z": [0.1, 0.2], "z": [0.1, 0.2]}""", 400, "more than once")]
    [InlineData("""{"z": "0.1,0.2"}""", 400, "must be an array")]
    [InlineData("""{"z": [0.1, true]}""", 400, "must be a number")]
    [InlineData("""{"z": [0.1, "0.2"]}""", 400, "must be a number")]
    [InlineData("""{"z": [[0.1, 0.2], 3]}""", 400, "'z[1]' must be an array")]
    [InlineData("""{"z": null}""", 400, "required")]
    [InlineData("""{}""", 400, "required")]
    [InlineData("""[[0.1, 0.2]]""", 400, "JSON object")]
    [InlineData("""{"z": [0.1, 0.2]""", 400, "not valid JSON")]
    [InlineData("""{"z": [NaN, 0]}""", 400, "not JSON numbers")]
    [InlineData("", 400, "empty")]
    public async Task Decode_BadBody_ReturnsProblemWithStatusAndReason(string body, int status, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/decode", body);
        string detail = await RunningServer.ProblemAsync(response, status);
        Assert.Contains(reason, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("image/png")]
    [InlineData(null)]
    public async Task Decode_NotJsonContentType_Returns415(string? contentType)
    {
        using var response = await Server.PostAsync("/v1/decode", Encoding.UTF8.GetBytes("""{"z": [0, 0]}"""), contentType);
        await RunningServer.ProblemAsync(response, 415);
    }

    [Fact]
    public async Task Decode_UnknownFormat_Returns400()
    {
        using var response = await Server.PostJsonAsync("/v1/decode?format=bmp", """{"z": [0, 0]}""");
        Assert.Contains("'bmp'", await RunningServer.ProblemAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_BatchOverMaxBatch_Returns413()
    {
        string rows = string.Join(",", Enumerable.Repeat("[0,0]", ServeFixture.MaxBatch + 1));
        using var response = await Server.PostJsonAsync("/v1/decode", $$"""{"z": [{{rows}}]}""");
        string detail = await RunningServer.ProblemAsync(response, 413);
        Assert.Contains("--max-batch", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_BatchAtMaxBatch_Succeeds()
    {
        string rows = string.Join(",", Enumerable.Range(0, ServeFixture.MaxBatch).Select(i => string.Create(CultureInfo.InvariantCulture, $"[{i * 0.05},-1]")));
        using var response = await Server.PostJsonAsync("/v1/decode", $$"""{"z": [{{rows}}]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(ServeFixture.MaxBatch, json.GetProperty("count").GetInt32());
        float[] z = [.. Enumerable.Range(0, ServeFixture.MaxBatch).SelectMany(i => new[] { float.Parse(string.Create(CultureInfo.InvariantCulture, $"{i * 0.05}"), CultureInfo.InvariantCulture), -1f })];
        Assert.Equal(fixture.Reference.Decode(z), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Decode_BodyOverMaxBodyBytes_Returns413()
    {
        // Valid JSON, but padded with whitespace beyond the limit.
        string body = """{"z": [0, 0]""" + new string(' ', (int)ServeFixture.MaxBodyBytes) + "}";
        using var response = await Server.PostJsonAsync("/v1/decode", body);
        string detail = await RunningServer.ProblemAsync(response, 413);
        Assert.Contains("--max-body-bytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_ChunkedBodyOverLimit_Returns413()
    {
        var body = Encoding.UTF8.GetBytes("""{"z": [0, 0]""" + new string(' ', (int)ServeFixture.MaxBodyBytes) + "}");
        using var content = new StreamContent(new MemoryStream(body)); // no Content-Length: sent chunked
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/decode") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Server.Client.SendAsync(request);
        Assert.Contains("--max-body-bytes", await RunningServer.ProblemAsync(response, 413), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_RandomlyCorruptedBodies_NeverAnswer500()
    {
        // A deterministic little fuzz: every byte-level mutation of a valid body is either decoded or refused with 4xx.
        byte[] valid = Encoding.UTF8.GetBytes("""{"z": [[0.25, -1.5], [1e-3, 2E1]]}""");
        byte[] alphabet = Encoding.UTF8.GetBytes("{}[],:\"0123456789.eE+-znaNIfty \\tu");
        var random = new Random(7);
        for (int trial = 0; trial < 150; trial++)
        {
            byte[] body = (byte[])valid.Clone();
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits; e++)
            {
                body[random.Next(body.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            using var response = await Server.PostAsync("/v1/decode", body, "application/json");
            int status = (int)response.StatusCode;
            Assert.True(status is 200 or 400 or 413 or 422, $"{status} for {Encoding.UTF8.GetString(body)}");
            if (status != 200)
            {
                await RunningServer.ProblemAsync(response, status);
            }
        }
    }

    [Theory]
    [InlineData("/v1/decode", """{"z": [0, 0], "labels": [3]}""", "'labels' is given, but this model is not conditional: send no labels")]
    [InlineData("/v1/encode?label=3", null, "the query parameter 'label' is given, but this model is not conditional")]
    [InlineData("/v1/generate", """{"n": 1, "digit": 3}""", "'digit' is given, but this model is not conditional")]
    [InlineData("/v1/interpolate", """{"from": [0, 0], "to": [1, 1], "digit": 3}""", "'digit' is given, but this model is not conditional")]
    public async Task Labels_GivenToAnUnconditionalModel_Return422(string path, string? json, string reason)
    {
        using var response = json is null
            ? await Server.PostAsync(path, PngFile.EncodeGray(new byte[784], 28, 28), "image/png")
            : await Server.PostJsonAsync(path, json);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }
}
