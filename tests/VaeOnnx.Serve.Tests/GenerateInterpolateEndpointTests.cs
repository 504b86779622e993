using System.Text;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

public sealed class GenerateInterpolateEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private RunningServer Server => fixture.Server;

    [Fact]
    public async Task Generate_WithSeed_ReturnsTheLibrarysSamplesAndCodes()
    {
        using var response = await Server.PostJsonAsync("/v1/generate", """{"n": 5, "seed": 42}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(5, json.GetProperty("count").GetInt32());
        Assert.Equal(42, json.GetProperty("seed").GetInt32());
        var z = fixture.Reference.SampleLatents(5, 42);
        Assert.Equal(z, RunningServer.Floats(json.GetProperty("z")));
        Assert.Equal(fixture.Reference.Decode(z), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Generate_SameSeedTwice_GivesIdenticalBodies()
    {
        using var first = await Server.PostJsonAsync("/v1/generate", """{"n": 3, "seed": -7}""");
        using var second = await Server.PostJsonAsync("/v1/generate", """{"n": 3, "seed": -7}""");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Generate_EmptyBody_ReturnsOneSampleAndTheSeedUsed()
    {
        using var response = await Server.PostAsync("/v1/generate", [], null);
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        int seed = json.GetProperty("seed").GetInt32();
        Assert.Equal(fixture.Reference.SampleLatents(1, seed), RunningServer.Floats(json.GetProperty("z")));
        Assert.Equal(fixture.Reference.Sample(1, seed), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Generate_FormatPng_ReturnsBase64PngsOfTheLibrarysSamples()
    {
        using var response = await Server.PostJsonAsync("/v1/generate?format=png", """{"n": 2, "seed": 1}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal("png", json.GetProperty("format").GetString());
        var samples = fixture.Reference.Sample(2, 1);
        int i = 0;
        foreach (var image in json.GetProperty("images").EnumerateArray())
        {
            var png = PngFile.DecodeGray(Convert.FromBase64String(image.GetString()!));
            var expected = new byte[784];
            PixelScaling.ToBytes(samples.AsSpan(i++ * 784, 784), expected);
            Assert.Equal((28, 28), (png.Width, png.Height));
            Assert.Equal(expected, png.Pixels);
        }
        Assert.Equal(2, i);
    }

    [Theory]
    [InlineData("""{"n": 0}""", 422, "'n' must be between 1 and 64, got 0")]
    [InlineData("""{"n": -3}""", 422, "'n' must be between 1 and 64, got -3")]
    [InlineData("""{"n": 1.5}""", 422, "'n' must be a whole number, got 1.5")]
    [InlineData("""{"n": 65}""", 413, "'n' is 65, the limit is 64 per request (--max-batch)")]
    [InlineData("""{"n": 100000000000}""", 413, "'n' is 100000000000, the limit is 64")]
    [InlineData("""{"n": "3"}""", 400, "'n' must be an integer, got a string")]
    [InlineData("""{"seed": 1e3}""", 422, "'seed' must be a whole number, got 1e3")]
    [InlineData("""{"seed": 4294967296}""", 422, "'seed' must be between -2147483648 and 2147483647")]
    [InlineData("""{"n": 2, "count": 2}""", 400, "unknown field 'count'")]
    [InlineData("""{"n": 2""", 400, "not valid JSON")]
    public async Task Generate_BadBody_ReturnsProblemNamingTheField(string body, int status, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/generate", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_NonJsonBody_Returns415()
    {
        using var response = await Server.PostAsync("/v1/generate", Encoding.UTF8.GetBytes("n=3"), "application/x-www-form-urlencoded");
        await RunningServer.ProblemAsync(response, 415);
    }

    [Fact]
    public async Task Interpolate_FiveSteps_ReturnsTheLineAndItsImagesEndsIncluded()
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", """{"from": [-2, 1], "to": [2, -1], "steps": 5}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(5, json.GetProperty("count").GetInt32());
        var z = RunningServer.Floats(json.GetProperty("z"));
        Assert.Equal(fixture.Reference.InterpolateLatents([-2f, 1f], [2f, -1f], 5), z);
        Assert.Equal([-2f, 1f], z[..2]);
        Assert.Equal([2f, -1f], z[^2..]);
        Assert.Equal(fixture.Reference.Decode(z), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Interpolate_DefaultSteps_IsTenCodesOfTheLibrarysLine()
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", """{"from": [0, 0], "to": [1, 1]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(10, json.GetProperty("count").GetInt32());
        Assert.Equal(fixture.Reference.InterpolateLatents([0f, 0f], [1f, 1f], 10), RunningServer.Floats(json.GetProperty("z")));
        Assert.Equal(fixture.Reference.Interpolate([0f, 0f], [1f, 1f], 10), RunningServer.Floats(json.GetProperty("images")));
    }

    [Theory]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "steps": 1}""", 422, "'steps' must be between 2 and 64, got 1")]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "steps": 65}""", 413, "'steps' is 65, the limit is 64")]
    [InlineData("""{"from": [0, 0, 0], "to": [1, 1]}""", 422, "'from' has 3 values, expected 2")]
    [InlineData("""{"from": [0, "NaN"], "to": [1, 1]}""", 422, "'from[1]' is NaN")]
    [InlineData("""{"from": [[0, 0]], "to": [1, 1]}""", 400, "'from' must be one row")]
    [InlineData("""{"from": [0, 0]}""", 400, "field 'to' is required")]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "t": 0.5}""", 400, "unknown field 't'")]
    public async Task Interpolate_BadBody_ReturnsProblemNamingTheField(string body, int status, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, status), StringComparison.Ordinal);
    }
}
