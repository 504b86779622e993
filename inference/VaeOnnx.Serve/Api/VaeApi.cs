using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Data;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// The JSON API under <c>/v1</c>. Handlers validate everything a client sends before the model sees it (so the
/// model's own argument checks never fire on user input) and throw <see cref="ApiException"/> for bad input.
/// Responses always use batch form (arrays of rows), except <c>POST /v1/decode?format=png</c> with a single code,
/// which answers one <c>image/png</c>.
/// </summary>
internal sealed class VaeApi(VaeModel model, IDecodeExecutor decoder, LatentMap latents, ServeOptions options)
{
    /// <summary><see cref="HttpContext.Items"/> key holding the batch size of the request, for the request log.</summary>
    public const string BatchItem = "vae.batch";

    private int Height => model.Signature.Image.Height;

    private int Width => model.Signature.Image.Width;

    private int Pixels => model.ImageSize;

    private const string LatentMeaning = "the model's latent_dim";

    public static Task HealthAsync(HttpContext context) =>
        WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", "ok");
            json.WriteEndObject();
        });

    public Task ModelAsync(HttpContext context) =>
        WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("latentDim", model.LatentDim);
            json.WriteString("architecture", model.Signature.Architecture.ToString());
            json.WriteString("dataset", model.Metadata.GetValueOrDefault(OnnxMetadataKeys.Dataset));
            json.WriteString("provider", model.Provider);
            json.WriteNumber("intraOpThreads", model.IntraOpThreads);
            json.WriteString("onnxRuntime", VaeModel.OnnxRuntimeVersion);
            json.WriteBoolean("microBatching", options.MicroBatching);
            json.WriteStartArray("imageShape");
            json.WriteNumberValue(Height);
            json.WriteNumberValue(Width);
            json.WriteEndArray();
            json.WritePropertyName("signature");
            json.WriteRawValue(model.Signature.ToJson());
            json.WriteStartObject("limits");
            json.WriteNumber("maxBatch", options.MaxBatch);
            json.WriteNumber("maxBodyBytes", options.MaxBodyBytes);
            json.WriteEndObject();
            json.WriteStartObject("latents");
            json.WriteString("source", latents.Source);
            json.WriteNumber("count", latents.Count);
            json.WriteNumber("total", latents.Total);
            json.WriteEndObject();
            WriteDictionary(json, "metadata", model.Metadata);
            WriteDictionary(json, "encoderMetadata", model.EncoderMetadata);
            json.WriteEndObject();
        });

    public async Task LatentsAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.ETag = latents.ETag;
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.Contains(latents.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Items[BatchItem] = latents.Count;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = latents.Json.Length;
        await response.Body.WriteAsync(latents.Json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/decode</c>: <c>{"z": [..]}</c> (one code) or <c>{"z": [[..], ..]}</c> (a batch).</summary>
    public async Task DecodeAsync(HttpContext context)
    {
        bool png = PngFormat(context);
        RequestBody.RequireJson(context.Request);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        FloatRows z;
        using (var input = JsonInput.Parse(body, "z"))
        {
            z = JsonInput.Rows(input.Required("z"), "z", model.LatentDim, options.MaxBatch, ValueKind.Latent, LatentMeaning);
        }
        context.Items[BatchItem] = z.Rows;
        float[] images = await decoder.DecodeAsync(z.Values, z.Rows, context.RequestAborted).ConfigureAwait(false);
        if (png && z.Single)
        {
            byte[] file = Png(images, 0);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "image/png";
            response.ContentLength = file.Length;
            await response.Body.WriteAsync(file, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", z.Rows);
            WriteImages(json, images, z.Rows, png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/encode</c>: an <c>image/png</c> body (one image of the model's size, any colour type, converted to grey)
    /// or JSON <c>{"image": [pixels as floats in [0,1]]}</c> / <c>{"image": [[..], ..]}</c>.
    /// </summary>
    public async Task EncodeAsync(HttpContext context)
    {
        string? type = RequestBody.MediaType(context.Request);
        bool isPng = type == RequestBody.Png;
        if (!isPng && !RequestBody.IsJson(type))
        {
            throw ApiException.UnsupportedMediaType(type is null
                ? "send a PNG (Content-Type: image/png) or JSON (Content-Type: application/json)"
                : $"Content-Type '{type}' is not accepted here; send image/png or application/json");
        }
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        VaeLatents encoded;
        if (isPng)
        {
            var image = DecodePng(body.Span);
            context.Items[BatchItem] = 1;
            encoded = model.Encode(image.Pixels);
        }
        else
        {
            FloatRows images;
            using (var input = JsonInput.Parse(body, "image"))
            {
                images = JsonInput.Rows(input.Required("image"), "image", Pixels, options.MaxBatch, ValueKind.Pixel,
                    $"{Height}×{Width} = {Pixels} pixels");
            }
            context.Items[BatchItem] = images.Rows;
            encoded = model.Encode(images.Values.AsSpan());
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", encoded.Count);
            json.WriteNumber("latentDim", encoded.LatentDim);
            WriteRows(json, "mu", encoded.Mu, encoded.Count, encoded.LatentDim);
            WriteRows(json, "logvar", encoded.LogVar, encoded.Count, encoded.LatentDim);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/generate</c>: <c>{"n": 8, "seed": 42}</c>, both optional (n = 1, a random seed that the response reports).</summary>
    public async Task GenerateAsync(HttpContext context)
    {
        bool png = PngFormat(context);
        int n = 1;
        int seed;
        if (HasBody(context.Request))
        {
            RequestBody.RequireJson(context.Request);
            var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
            using var input = JsonInput.Parse(body, "n", "seed");
            n = input.Int("n", 1, 1, options.MaxBatch, overMaxIsTooLarge: true, " per request (--max-batch)");
            seed = input.Int("seed", Random.Shared.Next(), int.MinValue, int.MaxValue);
        }
        else
        {
            seed = Random.Shared.Next();
        }
        context.Items[BatchItem] = n;
        float[] z = model.SampleLatents(n, seed);
        float[] images = await decoder.DecodeAsync(z, n, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", n);
            json.WriteNumber("seed", seed);
            WriteRows(json, "z", z, n, model.LatentDim);
            WriteImages(json, images, n, png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/interpolate</c>: <c>{"from": [..], "to": [..], "steps": 10}</c>, both ends included.</summary>
    public async Task InterpolateAsync(HttpContext context)
    {
        bool png = PngFormat(context);
        RequestBody.RequireJson(context.Request);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        float[] from, to;
        int steps;
        using (var input = JsonInput.Parse(body, "from", "to", "steps"))
        {
            from = JsonInput.Row(input.Required("from"), "from", model.LatentDim, ValueKind.Latent, LatentMeaning);
            to = JsonInput.Row(input.Required("to"), "to", model.LatentDim, ValueKind.Latent, LatentMeaning);
            steps = input.Int("steps", 10, 2, options.MaxBatch, overMaxIsTooLarge: true, " per request (--max-batch)");
        }
        context.Items[BatchItem] = steps;
        float[] z = model.InterpolateLatents(from, to, steps);
        float[] images = await decoder.DecodeAsync(z, steps, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", steps);
            WriteRows(json, "z", z, steps, model.LatentDim);
            WriteImages(json, images, steps, png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON body built by <paramref name="write"/> with an exact Content-Length.</summary>
    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            write(json);
        }
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool PngFormat(HttpContext context)
    {
        var values = context.Request.Query["format"];
        return values.Count switch
        {
            0 => false,
            1 when values[0] is "json" => false,
            1 when values[0] is "png" => true,
            1 => throw ApiException.BadRequest($"format must be 'json' (float arrays, the default) or 'png', got '{values[0]}'"),
            _ => throw ApiException.BadRequest("give format at most once"),
        };
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>Checks the PNG header before decoding, so a tiny file declaring a huge image is refused cheaply.</summary>
    private GrayImage DecodePng(ReadOnlySpan<byte> png)
    {
        if (!PngFile.HasSignature(png))
        {
            throw ApiException.Unprocessable("the body is not a PNG file (bad signature)");
        }
        // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
        if (png.Length >= 24 && png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            uint width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
            uint height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
            if (width != Width || height != Height)
            {
                throw ApiException.Unprocessable($"the PNG is {width}×{height}, the model takes {Width}×{Height} images (resize it first)");
            }
        }
        try
        {
            var image = PngFile.DecodeGray(png, "PNG body");
            return image.Width == Width && image.Height == Height
                ? image
                : throw ApiException.Unprocessable($"the PNG is {image.Width}×{image.Height}, the model takes {Width}×{Height} images (resize it first)");
        }
        catch (DataFileException e)
        {
            throw ApiException.Unprocessable(e.Message);
        }
    }

    private byte[] Png(float[] images, int index)
    {
        var pixels = new byte[Pixels];
        PixelScaling.ToBytes(images.AsSpan(index * Pixels, Pixels), pixels);
        return PngFile.EncodeGray(pixels, Width, Height);
    }

    private void WriteImages(Utf8JsonWriter json, float[] images, int count, bool png)
    {
        if (png)
        {
            json.WriteString("format", "png");
            json.WriteStartArray("images");
            for (int i = 0; i < count; i++)
            {
                json.WriteBase64StringValue(Png(images, i));
            }
            json.WriteEndArray();
            return;
        }
        json.WriteStartArray("shape");
        json.WriteNumberValue(Height);
        json.WriteNumberValue(Width);
        json.WriteEndArray();
        WriteRows(json, "images", images, count, Pixels);
    }

    private static void WriteRows(Utf8JsonWriter json, string name, float[] values, int rows, int width)
    {
        json.WriteStartArray(name);
        for (int r = 0; r < rows; r++)
        {
            json.WriteStartArray();
            foreach (float v in values.AsSpan(r * width, width))
            {
                json.WriteNumberValue(v);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static void WriteDictionary(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }
        json.WriteEndObject();
    }
}
