using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// The soak's requests: every endpoint of the API with well-formed bodies built from the served model's signature
/// (latent size, image shape, a label per row when it is conditional), and malformed ones spread over the endpoints —
/// each with the status the API documents for it (see inference/VaeOnnx.Serve/README.md, <i>Errors</i>).
/// </summary>
internal static class SoakMix
{
    private const string Png = "image/png";

    /// <summary>Well-formed and malformed kinds for <paramref name="model"/>.</summary>
    public static IReadOnlyList<SoakRequest> Build(ServedModel model)
    {
        var signature = model.Signature;
        int latent = signature.LatentDim;
        var image = signature.Image;
        int pixels = image.Size;
        int classes = signature.Conditioning.Classes;
        const int Batch = 8;
        const int Variants = 16;

        // A label per row for a conditional model (labels cycle through the classes), none for an unconditional one.
        int[]? Labels(int rows, int variant) => classes > 0 ? [.. Enumerable.Range(variant, rows).Select(i => i % classes)] : null;
        string LabelsQuery(string name, int rows, int variant) =>
            Labels(rows, variant) is { } labels ? $"?{name}={string.Join(',', labels)}" : "";
        string Digit(int variant) => classes > 0 ? string.Create(CultureInfo.InvariantCulture, $",\"digit\":{variant % classes}") : "";

        var singles = RequestBodies.Codes(latent, 1, Variants, seed: 11);
        var batches = RequestBodies.Codes(latent, Batch, Variants, seed: 12);
        byte[][] decodeJson = [.. singles.Select((z, i) => RequestBodies.JsonRows(z, latent, Labels(1, i)))];
        byte[][] decodeBatchJson = [.. batches.Select((z, i) => RequestBodies.JsonRows(z, latent, Labels(Batch, i)))];
        byte[][] decodeNpy = [.. batches.Select(z => RequestBodies.NpyArray(z, Batch, latent))];
        var images = Images(pixels, Variants, seed: 13);
        byte[][] encodePng = image.Channels == 1 ? [.. images.Select(p => PngFile.EncodeGray(ToBytes(p), image.Width, image.Height))] : [];
        byte[][] encodeJson = [.. images.Select((p, i) => RequestBodies.JsonRows(p, pixels, Labels(1, i), field: "image"))];
        const int EncodeBatch = 4;
        byte[][] encodeNpy = [.. Enumerable.Range(0, Variants).Select(i =>
            RequestBodies.NpyArray([.. Enumerable.Range(0, EncodeBatch).SelectMany(j => images[(i + j) % Variants])], EncodeBatch, image.Channels, image.Height, image.Width))];
        string Row(float[] z) => "[" + string.Join(',', z.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

        var kinds = new List<SoakRequest>
        {
            Get("healthz", "/healthz", 2),
            Get("model", "/v1/model", 1),
            Get("latents", "/v1/latents", 1),
            new("latents-304", "GET /v1/latents (If-None-Match)", false, null, 2, _ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/latents");
                request.Headers.IfNoneMatch.Add(model.LatentsETag);
                return request;
            }),
            Get("metrics", "/metrics", 1),
            Get("page", "/", 1),
            Get("app-js", "/app.js", 1),
            Post("decode-json", "/v1/decode", 4, i => decodeJson[i % Variants], RequestBodies.Json),
            Post($"decode-json-{Batch}", "/v1/decode", 2, i => decodeBatchJson[i % Variants], RequestBodies.Json),
            Post($"decode-npy-{Batch}", "/v1/decode", 3, i => decodeNpy[i % Variants], RequestBodies.Npy, RequestBodies.Npy,
                i => LabelsQuery("labels", Batch, i % Variants)),
            Post("decode-png", "/v1/decode?format=png", 3, i => decodeJson[i % Variants], RequestBodies.Json, Png),
            Post("encode-json", "/v1/encode", 2, i => encodeJson[i % Variants], RequestBodies.Json),
            Post($"encode-npy-{EncodeBatch}", "/v1/encode", 2, i => encodeNpy[i % Variants], RequestBodies.Npy, RequestBodies.Npy,
                i => LabelsQuery("labels", EncodeBatch, i % Variants)),
            Post("generate", "/v1/generate", 3, i => Utf8($"{{\"n\":4,\"seed\":{i}{Digit(i)}}}"), RequestBodies.Json),
            Post("interpolate", "/v1/interpolate", 2,
                i => Utf8($"{{\"from\":{Row(singles[i % Variants])},\"to\":{Row(singles[(i + 1) % Variants])},\"steps\":6{Digit(i)}}}"), RequestBodies.Json),
        };
        // A grey PNG is how the explorer's drawing pad sends its digit; a model with colour images takes JSON or .npy only.
        if (encodePng.Length > 0)
        {
            kinds.Add(Post("encode-png", "/v1/encode", 3, i => encodePng[i % Variants], Png, RequestBodies.Json,
                i => LabelsQuery("label", 1, i % Variants)));
        }

        // Classification: images as /v1/encode takes them, or codes (which never take labels).
        byte[][] classifyCodes = [.. singles.Select(z => RequestBodies.JsonRows(z, latent, null))];
        if (model.HasClassifier)
        {
            kinds.Add(Post("classify-json", "/v1/classify", 2, i => encodeJson[i % Variants], RequestBodies.Json));
            kinds.Add(Post("classify-codes", "/v1/classify", 2, i => classifyCodes[i % Variants], RequestBodies.Json));
        }

        // Malformed: each must be refused with a 4xx naming the problem, never reach the model as a 500.
        string overLength = Row([.. Enumerable.Range(0, latent + 1).Select(i => i * 0.1f)]);
        string nanCode = "[\"NaN\"" + string.Concat(Enumerable.Repeat(",0", latent - 1)) + "]";
        float[] brightPixels = [.. images[0]];
        brightPixels[pixels / 2] = 1.5f;
        byte[] tooLarge = new byte[checked((int)model.MaxBodyBytes + 1)];
        tooLarge.AsSpan().Fill((byte)' ');
        (tooLarge[0], tooLarge[^1]) = ((byte)'{', (byte)'}');
        byte[] truncatedNpy = decodeNpy[0][..(decodeNpy[0].Length / 2)];
        // A conditional model refuses a label outside 0..K-1, an unconditional one any label: 422 either way.
        string badLabels = string.Create(CultureInfo.InvariantCulture, $"{{\"z\":{Row(singles[0])},\"labels\":[{Math.Max(classes, 1) + 10}]}}");
        kinds.AddRange(
        [
            Bad("bad-json", "POST /v1/decode", 400, _ => Body(HttpMethod.Post, "/v1/decode", Utf8("{\"z\": [0.5, "), RequestBodies.Json)),
            Bad("wrong-content-type", "POST /v1/encode", 415, _ => Body(HttpMethod.Post, "/v1/encode", Utf8("hello"), "text/plain")),
            Bad("body-over-limit", "POST /v1/decode", 413, _ =>
            {
                // As curl does for large bodies: the server refuses the declared length before the body is sent. Without it
                // the client is still writing when the server answers and closes, and the broken pipe can cost it the 413.
                var request = Body(HttpMethod.Post, "/v1/decode", tooLarge, RequestBodies.Json);
                request.Headers.ExpectContinue = true;
                return request;
            }),
            Bad("batch-over-limit", "POST /v1/generate", 413,
                _ => Body(HttpMethod.Post, "/v1/generate", Utf8($"{{\"n\":{model.MaxBatch + 1}{Digit(0)}}}"), RequestBodies.Json)),
            Bad("wrong-latent-length", "POST /v1/decode", 422, _ => Body(HttpMethod.Post, "/v1/decode", Utf8($"{{\"z\":{overLength}}}"), RequestBodies.Json)),
            Bad("nan-code", "POST /v1/decode", 422, _ => Body(HttpMethod.Post, "/v1/decode", Utf8($"{{\"z\":{nanCode}}}"), RequestBodies.Json)),
            Bad("pixel-out-of-range", "POST /v1/encode", 422,
                _ => Body(HttpMethod.Post, "/v1/encode", RequestBodies.JsonRows(brightPixels, pixels, Labels(1, 0), field: "image"), RequestBodies.Json)),
            Bad("bad-label", "POST /v1/decode", 422, _ => Body(HttpMethod.Post, "/v1/decode", Utf8(badLabels), RequestBodies.Json)),
            Bad("truncated-npy", "POST /v1/decode", 422, _ => Body(HttpMethod.Post, "/v1/decode", truncatedNpy, RequestBodies.Npy)),
            Bad("bad-format", "POST /v1/decode?format=gif", 400, i => Body(HttpMethod.Post, "/v1/decode?format=gif", decodeJson[i % Variants], RequestBodies.Json)),
            Bad("unknown-route", "GET /v1/unknown", 404, _ => new HttpRequestMessage(HttpMethod.Get, "/v1/unknown")),
            Bad("wrong-method", "GET /v1/decode", 405, _ => new HttpRequestMessage(HttpMethod.Get, "/v1/decode")),
        ]);
        // With a classifier, a body holding neither images nor codes is a 400; without one, any classify is a 404.
        kinds.Add(model.HasClassifier
            ? Bad("classify-neither", "POST /v1/classify", 400, _ => Body(HttpMethod.Post, "/v1/classify", Utf8("{}"), RequestBodies.Json))
            : Bad("classify-absent", "POST /v1/classify", 404, i => Body(HttpMethod.Post, "/v1/classify", classifyCodes[i % Variants], RequestBodies.Json)));
        return kinds;
    }

    private static SoakRequest Get(string name, string path, double weight) =>
        new(name, "GET " + path, false, null, weight, _ => new HttpRequestMessage(HttpMethod.Get, path));

    private static SoakRequest Post(string name, string path, double weight, Func<int, byte[]> body, string contentType, string? accept = null,
        Func<int, string>? query = null)
    {
        return new(name, "POST " + path, false, null, weight, i =>
        {
            var request = Body(HttpMethod.Post, path + (query?.Invoke(i) ?? ""), body(i), contentType);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept ?? RequestBodies.Json));
            return request;
        });
    }

    private static SoakRequest Bad(string name, string endpoint, int expected, Func<int, HttpRequestMessage> create) =>
        new(name, endpoint, true, expected, 1, create);

    private static HttpRequestMessage Body(HttpMethod method, string pathAndQuery, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new HttpRequestMessage(method, pathAndQuery) { Content = content };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Seeded images in [0,1]: sparse random ink on a dark page (four pixels in five are 0), with values that are exact in
    /// 8 bits so the PNG, JSON and .npy forms of one image carry the same pixels.
    /// </summary>
    private static float[][] Images(int pixels, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            Enumerable.Range(0, pixels).Select(_ => random.NextDouble() < 0.2 ? random.Next(1, 256) / 255f : 0f).ToArray())];
    }

    private static byte[] ToBytes(float[] unit) => [.. unit.Select(v => (byte)MathF.Round(v * 255f))];
}
