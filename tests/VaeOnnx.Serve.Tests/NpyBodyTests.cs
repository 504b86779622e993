using System.Net.Http.Headers;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>Batches as <c>application/x-npy</c> both ways: float32 codes in, float32 [N, C, H, W] images out.</summary>
public sealed class NpyBodyTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private const string Npy = "application/x-npy";

    private RunningServer Server => fixture.Server;

    private static async Task<HttpResponseMessage> PostAsync(RunningServer server, string path, byte[] body, string contentType, string? accept)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return await server.Client.SendAsync(request);
    }

    private static async Task<NpyArray> ReadNpyAsync(HttpResponseMessage response)
    {
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal(Npy, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("<f4", NpyFile.ReadHeader(new MemoryStream(body)).Descr);
        return NpyFile.ReadFloat32(new MemoryStream(body));
    }

    [Fact]
    public async Task Decode_NpyInNpyOut_ReturnsTheLibrarysImagesAsFloat32NCHW()
    {
        float[] z = [.. Enumerable.Range(0, 64 * 2).Select(i => ((i * 37) % 61 * 0.1f) - 3f)];
        using var response = await PostAsync(Server, "/v1/decode", TestBodies.Npy(z, 64, 2), Npy, Npy);
        var images = await ReadNpyAsync(response);
        Assert.Equal([64, 1, 28, 28], images.Shape);
        Assert.Equal(fixture.Reference.Decode(z), images.Data);
    }

    [Fact]
    public async Task Decode_NpyInJsonOut_AnswersTheDefaultJson()
    {
        float[] z = [0.25f, -1.5f, 1f, 1f];
        using var response = await PostAsync(Server, "/v1/decode", TestBodies.Npy(z, 2, 2), Npy, null);
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.Reference.Decode(z), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Decode_JsonInNpyOutAmongOtherAcceptedTypes_AnswersNpy()
    {
        using var response = await PostAsync(Server, "/v1/decode", """{"z": [[0.5, 0.5]]}"""u8.ToArray(), "application/json",
            "application/json;q=0.5, application/x-npy");
        var images = await ReadNpyAsync(response);
        Assert.Equal([1, 1, 28, 28], images.Shape);
        Assert.Equal(fixture.Reference.Decode([0.5f, 0.5f]), images.Data);
    }

    [Fact]
    public async Task Decode_NpyAcceptedWithQualityZero_AnswersJson()
    {
        using var response = await PostAsync(Server, "/v1/decode", """{"z": [0.5, 0.5]}"""u8.ToArray(), "application/json", "application/x-npy;q=0");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Decode_NpyFloat64Body_IsNarrowedToFloat32()
    {
        // numpy's default dtype: float64 — written here by hand (NpyFile writes float32 only).
        byte[] header = TestBodies.Npy([0f, 0f], 1, 2);
        string text = System.Text.Encoding.Latin1.GetString(header).Replace("<f4", "<f8", StringComparison.Ordinal);
        byte[] body = [.. System.Text.Encoding.Latin1.GetBytes(text)[..^8], .. BitConverter.GetBytes(0.75), .. BitConverter.GetBytes(-0.25)];
        using var response = await PostAsync(Server, "/v1/decode", body, Npy, Npy);
        Assert.Equal(fixture.Reference.Decode([0.75f, -0.25f]), (await ReadNpyAsync(response)).Data);
    }

    [Fact]
    public async Task Encode_NpyInNpyOut_ReturnsMuThenLogVarAsOneFloat32Array()
    {
        var images = new float[3 * 784];
        PixelScaling.ToUnit(fixture.DatasetPixels.AsSpan(0, 3 * 784), images);
        using var response = await PostAsync(Server, "/v1/encode", TestBodies.Npy(images, 3, 1, 28, 28), Npy, Npy);
        var encoded = await ReadNpyAsync(response);
        var expected = fixture.Reference.Encode(images);
        Assert.Equal([2, 3, 2], encoded.Shape);
        Assert.Equal([.. expected.Mu, .. expected.LogVar], encoded.Data);
    }

    [Fact]
    public async Task Encode_NpyInJsonOut_ReturnsTheLibrarysMu()
    {
        var images = new float[784];
        PixelScaling.ToUnit(fixture.DatasetPixels.AsSpan(5 * 784, 784), images);
        using var response = await PostAsync(Server, "/v1/encode", TestBodies.Npy(images, 1, 1, 28, 28), Npy, null);
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.Reference.Encode(images).Mu, RunningServer.Floats(json.GetProperty("mu")));
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, "the .npy body has shape (3, 3), expected (N, 2): N codes of the model's latent_dim")]
    [InlineData(new[] { 6 }, "the .npy body has shape (6), expected (N, 2)")]
    [InlineData(new[] { 0, 2 }, "'z' is empty")]
    public async Task Decode_NpyOfTheWrongShape_Returns422SayingTheExpectedShape(int[] shape, string reason)
    {
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        using var response = await PostAsync(Server, "/v1/decode", TestBodies.Npy(data, shape), Npy, Npy);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_NpyWithNaN_Returns422NamingTheValue()
    {
        using var response = await PostAsync(Server, "/v1/decode", TestBodies.Npy([0f, 0f, float.NaN, 1f], 2, 2), Npy, Npy);
        Assert.Contains("'z[1][0]' = NaN is not finite", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_NpyPixelOutsideUnitRange_Returns422NamingIt()
    {
        var images = new float[784];
        images[100] = 255f;
        using var response = await PostAsync(Server, "/v1/encode", TestBodies.Npy(images, 1, 1, 28, 28), Npy, null);
        Assert.Contains("'image[0][100]' = 255 is outside [0,1]", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "not a .npy file")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0 }, "truncated")]
    public async Task Decode_NotANpyFile_Returns422(byte[] body, string reason)
    {
        using var response = await PostAsync(Server, "/v1/decode", body, Npy, Npy);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_NpyTruncatedData_Returns422()
    {
        byte[] body = TestBodies.Npy(new float[8], 4, 2);
        using var response = await PostAsync(Server, "/v1/decode", body[..^4], Npy, Npy);
        Assert.Contains("truncated", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_NpyConditionalWithLabelsQuery_DecodesEachCodeUnderItsLabel()
    {
        string models = fixture.NewFolder("conditional-npy");
        TinyVae.Create(latent: 2, hidden: 16, seed: 4, classes: 10).WriteModel(models);
        using var reference = VaeOnnx.Inference.VaeModel.Load(models, new() { Device = Contract.ExecutionDevice.Cpu, IntraOpThreads = 1 });
        await using var server = await RunningServer.StartAsync(fixture.Options with { ModelDirectory = models });
        float[] z = [0.5f, -1f, 0.5f, -1f, 2f, 0.25f];
        using var response = await PostAsync(server, "/v1/decode?labels=3,7,0", TestBodies.Npy(z, 3, 2), Npy, Npy);
        Assert.Equal(reference.Decode(z, [3, 7, 0]), (await ReadNpyAsync(response)).Data);
        using var missing = await PostAsync(server, "/v1/decode", TestBodies.Npy(z, 3, 2), Npy, Npy);
        Assert.Contains("the query parameter 'labels' is required", await RunningServer.ProblemAsync(missing, 422), StringComparison.Ordinal);
        using var outside = await PostAsync(server, "/v1/decode?labels=3,7,12", TestBodies.Npy(z, 3, 2), Npy, Npy);
        Assert.Contains("labels[2] is 12, outside 0..9", await RunningServer.ProblemAsync(outside, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_NpyConditionalWithMaxBatchLabelsInTheQuery_FitsTheRequestLine()
    {
        // 5000 labels are 10 000 characters of query: more than Kestrel's default request line of 8 KiB.
        const int rows = 5000;
        string models = fixture.NewFolder("conditional-long-query");
        TinyVae.Create(latent: 2, hidden: 16, seed: 4, classes: 10).WriteModel(models);
        using var reference = VaeOnnx.Inference.VaeModel.Load(models, new() { Device = Contract.ExecutionDevice.Cpu, IntraOpThreads = 1 });
        await using var server = await RunningServer.StartAsync(fixture.Options with { ModelDirectory = models, MaxBatch = rows });
        float[] z = [.. Enumerable.Range(0, rows * 2).Select(i => ((i % 17) * 0.3f) - 2.5f)];
        int[] labels = [.. Enumerable.Range(0, rows).Select(i => i % 10)];
        using var response = await PostAsync(server, "/v1/decode?labels=" + string.Join(",", labels), TestBodies.Npy(z, rows, 2), Npy, Npy);
        Assert.Equal(reference.Decode(z, labels), (await ReadNpyAsync(response)).Data);
    }
}
