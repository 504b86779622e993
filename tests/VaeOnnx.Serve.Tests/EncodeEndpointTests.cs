using System.Globalization;
using System.Text;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

public sealed class EncodeEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private RunningServer Server => fixture.Server;

    private byte[] DatasetImage(int index) => fixture.DatasetPixels.AsSpan(index * 784, 784).ToArray();

    private static string JsonImage(ReadOnlySpan<byte> pixels)
    {
        var values = new string[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            values[i] = (pixels[i] / 255f).ToString("R", CultureInfo.InvariantCulture);
        }
        return "[" + string.Join(",", values) + "]";
    }

    [Fact]
    public async Task Encode_Png_ReturnsTheLibrarysMuAndLogVar()
    {
        byte[] pixels = DatasetImage(3);
        using var response = await Server.PostAsync("/v1/encode", PngFile.EncodeGray(pixels, 28, 28), "image/png");
        var json = await RunningServer.JsonAsync(response);
        var expected = fixture.Reference.Encode(pixels);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        Assert.Equal(2, json.GetProperty("latentDim").GetInt32());
        Assert.Equal(expected.Mu, RunningServer.Floats(json.GetProperty("mu")));
        Assert.Equal(expected.LogVar, RunningServer.Floats(json.GetProperty("logvar")));
    }

    [Fact]
    public async Task Encode_RgbaPng_IsConvertedToGreyLikeTheLibrary()
    {
        // An RGBA PNG as a browser canvas writes it: grey in R=G=B, opaque.
        byte[] pixels = DatasetImage(5);
        using var response = await Server.PostAsync("/v1/encode", TestPng.Rgba(pixels), "image/png");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.Reference.Encode(pixels).Mu, RunningServer.Floats(json.GetProperty("mu")));
    }

    [Fact]
    public async Task Encode_JsonSingleImage_MatchesTheFloatPath()
    {
        byte[] pixels = DatasetImage(7);
        using var response = await Server.PostJsonAsync("/v1/encode", $$"""{"image": {{JsonImage(pixels)}}}""");
        var json = await RunningServer.JsonAsync(response);
        var floats = new float[784];
        PixelScaling.ToUnit(pixels, floats);
        Assert.Equal(fixture.Reference.Encode(floats).Mu, RunningServer.Floats(json.GetProperty("mu")));
    }

    [Fact]
    public async Task Encode_JsonBatch_ReturnsOneRowPerImage()
    {
        byte[] a = DatasetImage(0), b = DatasetImage(1), c = DatasetImage(2);
        using var response = await Server.PostJsonAsync("/v1/encode",
            $$"""{"image": [{{JsonImage(a)}}, {{JsonImage(b)}}, {{JsonImage(c)}}]}""");
        var json = await RunningServer.JsonAsync(response);
        var floats = new float[784 * 3];
        PixelScaling.ToUnit([.. a, .. b, .. c], floats);
        var expected = fixture.Reference.Encode(floats);
        Assert.Equal(3, json.GetProperty("count").GetInt32());
        Assert.Equal(expected.Mu, RunningServer.Floats(json.GetProperty("mu")));
        Assert.Equal(expected.LogVar, RunningServer.Floats(json.GetProperty("logvar")));
    }

    [Fact]
    public async Task Encode_JsonPixelAboveOne_Returns422()
    {
        string image = "[" + string.Join(",", Enumerable.Repeat("0", 783).Append("1.5")) + "]";
        using var response = await Server.PostJsonAsync("/v1/encode", $$"""{"image": {{image}}}""");
        Assert.Contains("'image[783]' = 1.5 is outside [0,1]", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_JsonNegativePixelInBatch_Returns422()
    {
        string ok = "[" + string.Join(",", Enumerable.Repeat("0", 784)) + "]";
        string bad = "[-0.1" + string.Concat(Enumerable.Repeat(",0", 783)) + "]";
        using var response = await Server.PostJsonAsync("/v1/encode", $$"""{"image": [{{ok}}, {{bad}}]}""");
        Assert.Contains("'image[1][0]'", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_JsonWrongLength_Returns422()
    {
        string image = "[" + string.Join(",", Enumerable.Repeat("0", 783)) + "]";
        using var response = await Server.PostJsonAsync("/v1/encode", $$"""{"image": {{image}}}""");
        Assert.Contains("784", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_JsonUnknownField_Returns400()
    {
        using var response = await Server.PostJsonAsync("/v1/encode", """{"images": [0]}""");
        Assert.Contains("unknown field 'images'", await RunningServer.ProblemAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_PngOfWrongSize_Returns422()
    {
        using var response = await Server.PostAsync("/v1/encode", PngFile.EncodeGray(new byte[27 * 27], 27, 27), "image/png");
        Assert.Contains("27×27", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_PngDeclaringAHugeImage_IsRefusedBeforeDecoding()
    {
        byte[] png = PngFile.EncodeGray(new byte[784], 28, 28);
        png[16] = 0x7f; // width = 0x7f00001c in IHDR (CRC now wrong too): must be refused by size, cheaply
        using var response = await Server.PostAsync("/v1/encode", png, "image/png");
        Assert.Equal("the PNG is 2130706460×28, the model takes 28×28 images (resize it first)", await RunningServer.ProblemAsync(response, 422));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0 }, "PNG body")]
    [InlineData(new byte[] { 1, 2, 3, 4 }, "the body is not a PNG file (bad signature)")]
    [InlineData(new byte[0], "the body is not a PNG file (bad signature)")]
    public async Task Encode_CorruptPng_Returns422SayingWhy(byte[] body, string reason)
    {
        using var response = await Server.PostAsync("/v1/encode", body, "image/png");
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_TruncatedPng_Returns422()
    {
        byte[] png = PngFile.EncodeGray(DatasetImage(4), 28, 28);
        using var response = await Server.PostAsync("/v1/encode", png[..(png.Length - 20)], "image/png");
        Assert.StartsWith("PNG body", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task Encode_UnsupportedContentType_Returns415(string? contentType)
    {
        using var response = await Server.PostAsync("/v1/encode", Encoding.UTF8.GetBytes("x"), contentType);
        await RunningServer.ProblemAsync(response, 415);
    }
}
