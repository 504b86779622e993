using System.Text.Json;
using Microsoft.Extensions.Logging;
using VaeOnnx.Data;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>
/// <c>POST /v1/classify</c> on a model folder with a <c>classifier.onnx</c>: images (JSON, .npy, PNG) encoded to μ and
/// classified, latent codes classified as they are, the answers being the library's; and the server without one.
/// </summary>
public sealed class ClassifyEndpointTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private const string Npy = "application/x-npy";

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

    /// <summary>
    /// The answer classifies <paramref name="mu"/> exactly as the library's <c>LatentClassifierModel</c> does, agrees with
    /// the classifier's own maths (an independent reference), has rows summing to 1 and predicts each row's most probable class.
    /// </summary>
    private void AssertClassifies(JsonElement json, float[] mu)
    {
        int rows = mu.Length / 2, classes = fixture.Classifier.Classes;
        Assert.Equal(rows, json.GetProperty("count").GetInt32());
        Assert.Equal(classes, json.GetProperty("classes").GetInt32());
        float[] probabilities = RunningServer.Floats(json.GetProperty("probabilities"));
        Assert.Equal(fixture.ReferenceClassifier.Probabilities(mu), probabilities);
        float[] reference = fixture.Classifier.ProbabilitiesReference(mu);
        int[] predicted = [.. json.GetProperty("predicted").EnumerateArray().Select(p => p.GetInt32())];
        Assert.Equal(rows, predicted.Length);
        for (int r = 0; r < rows; r++)
        {
            var row = probabilities.AsSpan(r * classes, classes);
            Assert.Equal(1.0, row.ToArray().Sum(p => (double)p), 5);
            for (int k = 0; k < classes; k++)
            {
                Assert.Equal(reference[(r * classes) + k], row[k], 5);
            }
            Assert.Equal(row.IndexOf(row.ToArray().Max()), predicted[r]);
        }
    }

    [Fact]
    public async Task Classify_JsonImages_ReturnsTheLibrarysMuAndItsClassProbabilities()
    {
        var images = DatasetImages(0, 1, 2);
        using var response = await Server.PostJsonAsync("/v1/classify", $$"""{"image": {{TestBodies.JsonRows(images, 784)}}}""");
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(images).Mu;
        Assert.Equal(mu, RunningServer.Floats(json.GetProperty("mu")));
        AssertClassifies(json, mu);
        Assert.False(json.TryGetProperty("labels", out _));
    }

    [Fact]
    public async Task Classify_NpyImages_ReturnsTheLibrarysMuAndItsClassProbabilities()
    {
        var images = DatasetImages(3, 4, 5, 6);
        using var response = await Server.PostAsync("/v1/classify", TestBodies.Npy(images, 4, 1, 28, 28), Npy);
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(images).Mu;
        Assert.Equal(mu, RunningServer.Floats(json.GetProperty("mu")));
        AssertClassifies(json, mu);
    }

    [Fact]
    public async Task Classify_PngImage_ClassifiesItsMu()
    {
        byte[] pixels = fixture.DatasetPixels.AsSpan(7 * 784, 784).ToArray();
        using var response = await Server.PostAsync("/v1/classify", PngFile.EncodeGray(pixels, 28, 28), "image/png");
        var json = await RunningServer.JsonAsync(response);
        var mu = fixture.Reference.Encode(pixels).Mu;
        Assert.Equal(mu, RunningServer.Floats(json.GetProperty("mu")));
        AssertClassifies(json, mu);
    }

    [Fact]
    public async Task Classify_JsonCodes_ClassifiesThemAsTheyAreWithoutMu()
    {
        float[] z = [0.5f, -1f, 2f, 0.25f, -3f, 3f];
        using var response = await Server.PostJsonAsync("/v1/classify", $$"""{"z": {{TestBodies.JsonRows(z, 2)}}}""");
        var json = await RunningServer.JsonAsync(response);
        AssertClassifies(json, z);
        Assert.False(json.TryGetProperty("mu", out _));
    }

    [Fact]
    public async Task Classify_OneFlatCode_AnswersInBatchForm()
    {
        using var response = await Server.PostJsonAsync("/v1/classify", """{"z": [1.5, -0.5]}""");
        var json = await RunningServer.JsonAsync(response);
        AssertClassifies(json, [1.5f, -0.5f]);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("probabilities")[0].ValueKind);
    }

    [Fact]
    public async Task Classify_NpyCodes_ClassifiesThemAsTheyAre()
    {
        float[] z = [.. Enumerable.Range(0, 20).Select(i => (i - 10) * 0.3f)];
        using var response = await Server.PostAsync("/v1/classify", TestBodies.Npy(z, 10, 2), Npy);
        var json = await RunningServer.JsonAsync(response);
        AssertClassifies(json, z);
        Assert.False(json.TryGetProperty("mu", out _));
    }

    [Theory]
    [InlineData("""{"z": [0, 0, 0]}""", "'z' has 3 values, expected 2 (the model's latent_dim)")]
    [InlineData("""{"z": [[0, 0], [1]]}""", "'z[1]' has 1 values, expected 2 (the model's latent_dim)")]
    [InlineData("""{"z": []}""", "'z' is empty")]
    [InlineData("""{"z": ["NaN", 0]}""", "'z[0]' is NaN: values must be finite numbers")]
    [InlineData("""{"image": [0, 0]}""", "'image' has 2 values, expected 784 (1×28×28 = 784 pixels)")]
    [InlineData("""{"image": [[0, 0]]}""", "'image[0]' has 2 values, expected 784")]
    [InlineData("""{"z": [0, 0], "labels": [3]}""", "'labels' is given with latent codes: codes are classified as they are")]
    public async Task Classify_JsonOfTheWrongShapeOrValues_Returns422NamingTheField(string body, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/classify", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_ImagesWithLabelsOnAnUnconditionalModel_Returns422()
    {
        var image = DatasetImages(0);
        using var response = await Server.PostJsonAsync("/v1/classify", $$"""{"image": {{TestBodies.JsonRow(image)}}, "labels": [3]}""");
        Assert.Contains("'labels' is given, but this model is not conditional", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, "the .npy body has shape (3, 5), expected (N, 2): N codes of the model's latent_dim or (N, 1, 28, 28): N images of 1×28×28 = 784 pixels")]
    [InlineData(new[] { 2, 28, 28 }, "the .npy body has shape (2, 28, 28), expected (N, 2)")]
    [InlineData(new[] { 0, 2 }, "'z' is empty")]
    public async Task Classify_NpyOfNeitherLayout_Returns422NamingBoth(int[] shape, string reason)
    {
        using var response = await Server.PostAsync("/v1/classify", TestBodies.NpyZeros(shape[0], shape[1..]), Npy);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_NpyCodesWithLabelsQuery_Returns422()
    {
        using var response = await Server.PostAsync("/v1/classify?labels=1,2", TestBodies.NpyZeros(2, 2), Npy);
        Assert.Contains("the query parameter 'labels' is given with latent codes", await RunningServer.ProblemAsync(response, 422), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"image": [0], "z": [0, 0]}""", "give either 'image' (images to encode and classify) or 'z' (latent codes to classify), not both")]
    [InlineData("""{}""", "field 'image' (images to encode and classify) or 'z' (latent codes to classify) is required")]
    [InlineData("""{"labels": [1]}""", "field 'image' (images to encode and classify) or 'z' (latent codes to classify) is required")]
    [InlineData("""{"mu": [0, 0]}""", "unknown field 'mu'; this endpoint takes the fields 'image', 'z', 'labels'")]
    public async Task Classify_NeitherOrBothInputs_Returns400(string body, string reason)
    {
        using var response = await Server.PostJsonAsync("/v1/classify", body);
        Assert.Contains(reason, await RunningServer.ProblemAsync(response, 400), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_WithClassifier_SaysClassificationIsAvailable()
    {
        var classifier = (await RunningServer.JsonAsync(await Server.Client.GetAsync("/v1/model"))).GetProperty("classifier");
        Assert.Equal("classifier.onnx", classifier.GetProperty("file").GetString());
        Assert.Equal(fixture.Classifier.Classes, classifier.GetProperty("classes").GetInt32());
        Assert.Equal("8", classifier.GetProperty("hidden").GetString());
        Assert.Contains(Server.Logs.Entries, e => e.Category == VaeServer.LogCategory && e.Level == LogLevel.Information
            && e.Message.StartsWith($"Classification available: {Path.Combine(fixture.ModelDirectory, "classifier.onnx")} (10 classes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Classify_WithoutClassifierOnnx_Returns404SayingItIsAbsentAndTheModelSaysSo()
    {
        await using var server = await RunningServer.StartAsync(fixture.Options with { ModelDirectory = fixture.WriteModelWithoutClassifier() });
        using var response = await server.PostJsonAsync("/v1/classify", """{"z": [0, 0]}""");
        Assert.StartsWith("this server has no classifier: classifier.onnx is absent in the models directory (--models)",
            await RunningServer.ProblemAsync(response, 404), StringComparison.Ordinal);
        var model = await RunningServer.JsonAsync(await server.Client.GetAsync("/v1/model"));
        Assert.Equal(JsonValueKind.Null, model.GetProperty("classifier").ValueKind);
        Assert.Contains(server.Logs.Entries, e => e.Category == VaeServer.LogCategory
            && e.Message.StartsWith("Classification unavailable: no classifier.onnx in ", StringComparison.Ordinal));
        // The other endpoints do not depend on it.
        using var decoded = await server.PostJsonAsync("/v1/decode", """{"z": [0, 0]}""");
        Assert.Equal(200, (int)decoded.StatusCode);
    }
}
