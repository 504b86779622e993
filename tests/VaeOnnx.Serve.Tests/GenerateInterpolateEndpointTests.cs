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
    }

    [Fact]
    public async Task Generate_FormatPng_ReturnsBase64Pngs()
    {
        using var response = await Server.PostJsonAsync("/v1/generate?format=png", """{"n": 2, "seed": 1}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal("png", json.GetProperty("format").GetString());
        foreach (var image in json.GetProperty("images").EnumerateArray())
        {
            Assert.Equal(28, PngFile.DecodeGray(Convert.FromBase64String(image.GetString()!)).Width);
        }
    }

    [Theory]
    [InlineData("""{"n": 0}""", 422)]
    [InlineData("""{"n": -3}""", 422)]
    [InlineData("""{"n": 1.5}""", 422)]
    [InlineData("""{"n": 65}""", 413)]
    [InlineData("""{"n": 100000000000}""", 413)]
    [InlineData("""{"n": "3"}""", 400)]
    [InlineData("""{"seed": 1e3}""", 422)]
    [InlineData("""{"seed": 4294967296}""", 422)]
    [InlineData("""{"n": 2, "count": 2}""", 400)]
    [InlineData("""{"n": 2""", 400)]
    public async Task Generate_BadBody_ReturnsProblem(string body, int status)
    {
        using var response = await Server.PostJsonAsync("/v1/generate", body);
        await RunningServer.ProblemAsync(response, status);
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
    public async Task Interpolate_DefaultSteps_IsTen()
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", """{"from": [0, 0], "to": [1, 1]}""");
        Assert.Equal(10, (await RunningServer.JsonAsync(response)).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "steps": 1}""", 422)]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "steps": 65}""", 413)]
    [InlineData("""{"from": [0, 0, 0], "to": [1, 1]}""", 422)]
    [InlineData("""{"from": [0, "NaN"], "to": [1, 1]}""", 422)]
    [InlineData("""{"from": [[0, 0]], "to": [1, 1]}""", 400)]
    [InlineData("""{"from": [0, 0]}""", 400)]
    [InlineData("""{"from": [0, 0], "to": [1, 1], "t": 0.5}""", 400)]
    public async Task Interpolate_BadBody_ReturnsProblem(string body, int status)
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", body);
        await RunningServer.ProblemAsync(response, status);
    }
}
