using System.Net.Http.Headers;
using System.Text.Json;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>What the running server says about its model and limits (<c>GET /v1/model</c>), and the ETag of its latents.</summary>
/// <param name="Signature">The model's signature: latent size, image shape, conditioning.</param>
/// <param name="Description">The signature's one-line description.</param>
/// <param name="Provider">ONNX Runtime execution provider.</param>
/// <param name="MaxBatch">Most rows in one request (413 above).</param>
/// <param name="MaxBodyBytes">Largest body (413 above).</param>
/// <param name="LatentsETag">The ETag of <c>GET /v1/latents</c>, for the If-None-Match requests.</param>
/// <param name="HasClassifier">Whether the model folder has <c>classifier.onnx</c> (<c>POST /v1/classify</c> answers 404 otherwise).</param>
internal sealed record ServedModel(VaeSignature Signature, string Description, string Provider, int MaxBatch, long MaxBodyBytes, EntityTagHeaderValue LatentsETag,
    bool HasClassifier)
{
    /// <summary>Reads both from the server.</summary>
    /// <exception cref="InvalidOperationException">An answer that is not what the API documents.</exception>
    public static async Task<ServedModel> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri("/v1/model", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /v1/model answered {(int)response.StatusCode}");
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var root = json.RootElement;
        var signature = VaeSignature.Parse(root.GetProperty("signature").GetRawText());
        var limits = root.GetProperty("limits");
        using var latents = await client.GetAsync(new Uri("/v1/latents", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var etag = latents.Headers.ETag ?? throw new InvalidOperationException($"GET /v1/latents answered {(int)latents.StatusCode} without an ETag");
        return new ServedModel(signature, signature.Describe(), root.GetProperty("provider").GetString() ?? "?",
            limits.GetProperty("maxBatch").GetInt32(), limits.GetProperty("maxBodyBytes").GetInt64(), etag,
            root.TryGetProperty("classifier", out var classifier) && classifier.ValueKind == JsonValueKind.Object);
    }
}
