using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Data;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// The API under <c>/v1</c>. Handlers validate everything a client sends before the model sees it (so the model's own
/// argument checks never fire on user input) and throw <see cref="ApiException"/> for bad input. Responses always use
/// batch form (arrays of rows), except <c>POST /v1/decode?format=png</c> with a single code, which answers one
/// <c>image/png</c>. Every shape comes from the model's <see cref="VaeSignature"/>; a conditional model takes a class
/// label per code or image (<see cref="ClassLabels"/>). <c>/v1/classify</c> needs the model folder's latent classifier,
/// which is optional: <paramref name="classifier"/> is null without one.
/// </summary>
internal sealed partial class VaeApi(VaeModel model, LatentClassifierModel? classifier, IDecodeExecutor decoder, ServeMetrics metrics, LatentMap latents,
    ServeOptions options)
{
    /// <summary><see cref="HttpContext.Items"/> key holding the batch size of the request, for the request log.</summary>
    public const string BatchItem = "vae.batch";

    private const string LatentMeaning = "the model's latent_dim";

    /// <summary>The JSON field (and the name in messages) of latent codes.</summary>
    private const string CodesField = "z";

    /// <summary>The JSON field (and the name in messages) of images.</summary>
    private const string ImageField = "image";

    private readonly ClassLabels _labels = new(model.Signature.Conditioning);

    private ImageShape Image => model.Signature.Image;

    private int Pixels => model.ImageSize;

    private bool Conditional => model.Signature.IsConditional;

    /// <summary>One image's shape as the JSON answers give it: [H, W] for grey images (as numpy holds MNIST), [C, H, W] otherwise.</summary>
    private int[] ImageDims => Image.Channels == 1 ? [Image.Height, Image.Width] : [Image.Channels, Image.Height, Image.Width];

    private string PixelMeaning => $"{Image.Channels}×{Image.Height}×{Image.Width} = {Pixels} pixels";

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
            WriteInts(json, "imageShape", ImageDims);
            json.WriteNumber("classes", model.Signature.Conditioning.Classes);
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
            if (classifier is null)
            {
                json.WriteNull("classifier");
            }
            else
            {
                json.WriteStartObject("classifier");
                json.WriteString("file", ArtifactNames.Classifier);
                json.WriteNumber("classes", classifier.Classes);
                json.WriteString("hidden", classifier.Hidden);
                json.WriteEndObject();
            }
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

    /// <summary>Decodes validated codes into a pooled buffer the caller disposes once the answer is written.</summary>
    private async Task<PooledFloats> DecodeAsync(HttpContext context, ReadOnlyMemory<float> z, int[]? labels, int count)
    {
        context.Items[BatchItem] = count;
        var images = new PooledFloats(count * Pixels);
        try
        {
            await decoder.DecodeAsync(z, labels, count, images.Memory, context.RequestAborted).ConfigureAwait(false);
            return images;
        }
        catch
        {
            images.Dispose();
            throw;
        }
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

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private byte[] Png(ReadOnlySpan<float> images, int index)
    {
        var pixels = new byte[Pixels];
        PixelScaling.ToBytes(images.Slice(index * Pixels, Pixels), pixels);
        return PngFile.EncodeGray(pixels, Image.Width, Image.Height);
    }

    private void WriteImages(Utf8JsonWriter json, ReadOnlySpan<float> images, int count, bool png)
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
        WriteInts(json, "shape", ImageDims);
        WriteRows(json, "images", images, count, Pixels);
    }

    private static void WriteRows(Utf8JsonWriter json, string name, ReadOnlySpan<float> values, int rows, int width)
    {
        json.WriteStartArray(name);
        for (int r = 0; r < rows; r++)
        {
            json.WriteStartArray();
            foreach (float v in values.Slice(r * width, width))
            {
                json.WriteNumberValue(v);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter json, string name, ReadOnlySpan<int> values)
    {
        json.WriteStartArray(name);
        foreach (int v in values)
        {
            json.WriteNumberValue(v);
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
