using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>A conditional model behind the API: labels and digits required, checked, and used as the library uses them.</summary>
public sealed class ConditionalEndpointTests(ConditionalServeFixture fixture) : IClassFixture<ConditionalServeFixture>
{
    private RunningServer Server => fixture.Server;

    private float[] DatasetImages(params int[] indices)
    {
        var floats = new float[indices.Length * 784];
        for (int i = 0; i < indices.Length; i++)
        {
            PixelScaling.ToUnit(fixture.DatasetPixels.AsSpan(indices[i] * 784, 784), floats.AsSpan(i * 784, 784));
        }
        return floats;
    }

    [Fact]
    public async Task Decode_BatchWithLabels_ReturnsTheLibrarysImageOfEachCodeUnderItsLabel()
    {
        float[] z = [0.5f, -1f, 0.5f, -1f, 2f, 0.25f];
        int[] labels = [3, 7, 0];
        using var response = await Server.PostJsonAsync("/v1/decode", """{"z": [[0.5, -1], [0.5, -1], [2, 0.25]], "labels": [3, 7, 0]}""");
        var json = await RunningServer.JsonAsync(response);
        var images = RunningServer.Floats(json.GetProperty("images"));
        Assert.Equal(fixture.Reference.Decode(z, labels), images);
        Assert.Equal("[3,7,0]", json.GetProperty("labels").GetRawText());
        // The label matters: the same code under 3 and under 7 gives other pixels.
        Assert.NotEqual(images[..784], images[784..1568]);
    }

    [Fact]
    public async Task Decode_SingleCodeWithOneLabel_IsTheLibrarysDecode()
    {
        using var response = await Server.PostJsonAsync("/v1/decode", """{"z": [1.5, -0.5], "labels": [9]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.Reference.Decode([1.5f, -0.5f], [9]), RunningServer.Floats(json.GetProperty("images")));
    }

    [Theory]
    [InlineData("""{"z": [[0, 0], [1, 1]]}""", 422, "'labels' is required: this model is conditioned on one class label in 0..9 per code")]
    [InlineData("""{"z": [0, 0], "labels": null}""", 422, "'labels' is required")]
    [InlineData("""{"z": [[0, 0], [1, 1]], "labels": [1]}""", 422, "'labels' has 1 label for 2 codes: give one per code")]
    [InlineData("""{"z": [[0, 0], [1, 1], [2, 2], [3, 3]], "labels": [1, 2, 3, 12]}""", 422, "labels[3] is 12, outside 0..9")]
    [InlineData("""{"z": [0, 0], "labels": [-1]}""", 422, "labels[0] is -1, outside 0..9")]
    [InlineData("""{"z": [0, 0], "labels": [1.5]}""", 422, "labels[0] is 1.5, not a whole number")]
    [InlineData("""{"z": [0, 0], "labels": ["3"]}""", 400, "labels[0] must be an integer, got a string")]
    [InlineData("""{"z": [0, 0], "labels": 3}""", 400, "'labels' must be an array of integers")]
    public async Task Decode_MissingOrBadLabels_ReturnsProblemNamingTheField(string body, int status, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/decode", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_PngWithLabelQuery_ReturnsTheLibrarysMuUnderThatLabel()
    {
        byte[] pixels = fixture.DatasetPixels.AsSpan(3 * 784, 784).ToArray();
        using var response = await Server.PostAsync("/v1/encode?label=3", PngFile.EncodeGray(pixels, 28, 28), "image/png");
        var json = await RunningServer.JsonAsync(response);
        var expected = fixture.Reference.Encode(pixels, [3]);
        Assert.Equal(expected.Mu, RunningServer.Floats(json.GetProperty("mu")));
        Assert.Equal(expected.LogVar, RunningServer.Floats(json.GetProperty("logvar")));
        Assert.NotEqual(fixture.Reference.Encode(pixels, [4]).Mu, expected.Mu);
    }

    [Theory]
    [InlineData("", "the query parameter 'label' is required")]
    [InlineData("?label=10", "label is 10, outside 0..9")]
    [InlineData("?label=x", "label is x, not a whole number")]
    [InlineData("?label=", "label is empty")]
    [InlineData("?label=1,2", "'labels' has 2 labels for 1 image")]
    public async Task Encode_PngWithoutOrWithABadLabel_Returns422NamingIt(string query, string reason)
    {
        using var response = await Server.PostAsync("/v1/encode" + query, PngFile.EncodeGray(new byte[784], 28, 28), "image/png");
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_JsonBatchWithLabels_ReturnsOneRowPerImageUnderItsLabel()
    {
        var images = DatasetImages(0, 1);
        using var response = await Server.PostJsonAsync("/v1/encode",
            $$"""{"image": [{{TestBodies.JsonRow(images.AsSpan(0, 784))}}, {{TestBodies.JsonRow(images.AsSpan(784))}}], "labels": [0, 1]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.Reference.Encode(images, [0, 1]).Mu, RunningServer.Floats(json.GetProperty("mu")));
    }

    [Fact]
    public async Task Classify_JsonImagesWithLabels_ClassifiesTheMuOfEachImageUnderItsLabel()
    {
        var images = DatasetImages(0, 1);
        using var response = await Server.PostJsonAsync("/v1/classify",
            $$"""{"image": {{TestBodies.JsonRows(images, 784)}}, "labels": [4, 9]}""");
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(images, [4, 9]).Mu;
        Assert.Equal(mu, RunningServer.Floats(json.GetProperty("mu")));
        Assert.Equal(fixture.ReferenceClassifier.Probabilities(mu), RunningServer.Floats(json.GetProperty("probabilities")));
        Assert.Equal("[4,9]", json.GetProperty("labels").GetRawText());
    }

    [Fact]
    public async Task Classify_NpyImagesWithLabelsQuery_ClassifiesTheMuUnderThoseLabels()
    {
        var images = DatasetImages(2, 3, 4);
        using var response = await Server.PostAsync("/v1/classify?labels=1,2,3", TestBodies.Npy(images, 3, 1, 28, 28), "application/x-npy");
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(images, [1, 2, 3]).Mu;
        Assert.Equal(fixture.ReferenceClassifier.Probabilities(mu), RunningServer.Floats(json.GetProperty("probabilities")));
    }

    [Theory]
    [InlineData("application/json", "", "'labels' is required: this model is conditioned on one class label in 0..9 per image")]
    [InlineData("application/x-npy", "", "the query parameter 'labels' is required: this model is conditioned on one class label in 0..9 per image")]
    [InlineData("application/x-npy", "?labels=1", "'labels' has 1 label for 2 images: give one per image")]
    [InlineData("image/png", "", "the query parameter 'label' is required")]
    [InlineData("image/png", "?label=10", "label is 10, outside 0..9")]
    public async Task Classify_ImagesWithoutOrWithBadLabels_Returns422LikeEncode(string contentType, string query, string reason)
    {
        var images = DatasetImages(5, 6);
        byte[] body = contentType switch
        {
            "application/json" => System.Text.Encoding.UTF8.GetBytes($$"""{"image": {{TestBodies.JsonRows(images, 784)}}}"""),
            "image/png" => PngFile.EncodeGray(fixture.DatasetPixels.AsSpan(5 * 784, 784), 28, 28),
            _ => TestBodies.Npy(images, 2, 1, 28, 28),
        };
        using var response = await Server.PostAsync("/v1/classify" + query, body, contentType);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_CodesOfAConditionalModel_NeedNoLabels()
    {
        using var response = await Server.PostJsonAsync("/v1/classify", """{"z": [[0.5, -1], [2, 0.25]]}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(fixture.ReferenceClassifier.Probabilities([0.5f, -1f, 2f, 0.25f]), RunningServer.Floats(json.GetProperty("probabilities")));
    }

    [Fact]
    public async Task Generate_WithDigit_ReturnsTheLibrarysSamplesOfThatDigit()
    {
        using var response = await Server.PostJsonAsync("/v1/generate", """{"n": 4, "seed": 11, "digit": 7}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(7, json.GetProperty("digit").GetInt32());
        Assert.Equal(fixture.Reference.SampleLatents(4, 11), RunningServer.Floats(json.GetProperty("z")));
        Assert.Equal(fixture.Reference.Sample(4, 11, label: 7), RunningServer.Floats(json.GetProperty("images")));
    }

    [Theory]
    [InlineData("""{"n": 2}""", 422, "'digit' is required: this model is conditioned on one class label in 0..9")]
    [InlineData("", 422, "'digit' is required")]
    [InlineData("""{"n": 2, "digit": 10}""", 422, "digit is 10, outside 0..9")]
    [InlineData("""{"n": 2, "digit": "7"}""", 400, "'digit' must be an integer, got a string")]
    public async Task Generate_MissingOrBadDigit_ReturnsProblemNamingIt(string body, int status, string reason)
    {
        using var response = body.Length == 0 ? await Server.PostAsync("/v1/generate", [], null) : await Server.PostJsonAsync("/v1/generate", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interpolate_WithDigit_ReturnsTheLibrarysLineUnderThatDigit()
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", """{"from": [-2, 1], "to": [2, -1], "steps": 4, "digit": 2}""");
        var json = await RunningServer.JsonAsync(response);
        Assert.Equal(2, json.GetProperty("digit").GetInt32());
        Assert.Equal(fixture.Reference.Interpolate([-2f, 1f], [2f, -1f], 4, label: 2), RunningServer.Floats(json.GetProperty("images")));
    }

    [Fact]
    public async Task Interpolate_WithoutDigit_Returns422()
    {
        using var response = await Server.PostJsonAsync("/v1/interpolate", """{"from": [0, 0], "to": [1, 1]}""");
        Assert.Contains("'digit' is required", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latents_ConditionalModel_AreTheMeansOfEachTestImageUnderItsOwnLabel()
    {
        var json = await RunningServer.JsonAsync(await Server.Client.GetAsync("/v1/latents"));
        var mu = fixture.Reference.Encode(fixture.DatasetPixels, fixture.Labels).Mu;
        Assert.Equal(Enumerable.Range(0, ServeFixture.DatasetSize).Select(i => mu[i * 2]), json.GetProperty("x").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(Enumerable.Range(0, ServeFixture.DatasetSize).Select(i => mu[(i * 2) + 1]), json.GetProperty("y").EnumerateArray().Select(v => v.GetSingle()));
    }

    [Fact]
    public async Task Model_Conditional_ReportsTheClassesAndTheSignaturesConditioning()
    {
        var json = await RunningServer.JsonAsync(await Server.Client.GetAsync("/v1/model"));
        Assert.Equal(ConditionalServeFixture.Classes, json.GetProperty("classes").GetInt32());
        var conditioning = json.GetProperty("signature").GetProperty("conditioning");
        Assert.Equal(("class-label", 10), (conditioning.GetProperty("kind").GetString(), conditioning.GetProperty("classes").GetInt32()));
    }
}
