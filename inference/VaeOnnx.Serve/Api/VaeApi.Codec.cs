using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using VaeOnnx.Data;

namespace VaeOnnx.Serve.Api;

// POST /v1/decode and /v1/encode: the batch endpoints, with JSON, PNG and .npy bodies.
internal sealed partial class VaeApi
{
    /// <summary>
    /// <c>POST /v1/decode</c>: JSON <c>{"z": [..]}</c> (one code) or <c>{"z": [[..], ..]}</c> (a batch), with
    /// <c>"labels": [..]</c> for a conditional model; or an <c>application/x-npy</c> float32 [N, latent] body with the
    /// labels as <c>?labels=1,2,3</c>. Answers JSON floats, PNG (<c>?format=png</c>) or .npy float32 [N, C, H, W]
    /// (<c>Accept: application/x-npy</c>).
    /// </summary>
    public async Task DecodeAsync(HttpContext context)
    {
        var format = ResponseFormats.Of(context, npyAllowed: true);
        var kind = RequestBody.Require(context.Request, BodyKind.Json, BodyKind.Npy);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        float[] z;
        int rows;
        bool single = false;
        int[]? labels;
        if (kind == BodyKind.Npy)
        {
            var array = NpyBody.Read(body, options.MaxBatch, LatentRows).Array;
            (z, rows) = (array.Data, array.Rows);
            labels = _labels.FromQuery(context.Request, ClassLabels.LabelsField, rows, "code");
        }
        else
        {
            using var input = JsonInput.Parse(body, CodesField, ClassLabels.LabelsField);
            var parsed = Codes(input);
            (z, rows, single) = (parsed.Values, parsed.Rows, parsed.Single);
            labels = _labels.FromJson(input, rows, "code");
        }
        using var images = await DecodeAsync(context, z, labels, rows).ConfigureAwait(false);
        if (format == ResponseFormat.Npy)
        {
            await NpyBody.WriteAsync(context, images.Memory, [rows, Image.Channels, Image.Height, Image.Width]).ConfigureAwait(false);
            return;
        }
        if (format == ResponseFormat.Png && single)
        {
            byte[] file = Png(images.Span, 0);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = RequestBody.Png;
            response.ContentLength = file.Length;
            await response.Body.WriteAsync(file, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", rows);
            if (labels is not null)
            {
                WriteInts(json, ClassLabels.LabelsField, labels);
            }
            WriteImages(json, images.Span, rows, format == ResponseFormat.Png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/encode</c>: an <c>image/png</c> body (one image of the model's size, any colour type, converted to
    /// grey; its label as <c>?label=3</c>), JSON <c>{"image": [pixels as floats in [0,1]]}</c> / <c>{"image": [[..], ..]}</c>
    /// (with <c>"labels"</c>), or an <c>application/x-npy</c> float32 [N, C, H, W] body (<c>?labels=1,2,3</c>). Answers
    /// JSON μ and log σ², or with <c>Accept: application/x-npy</c> one float32 [2, N, latent] array (μ, then log σ²).
    /// </summary>
    public async Task EncodeAsync(HttpContext context)
    {
        bool npyAnswer = ResponseFormats.Of(context, npyAllowed: true) == ResponseFormat.Npy;
        var kind = RequestBody.Require(context.Request, BodyKind.Png, BodyKind.Json, BodyKind.Npy);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        ImageBatch batch;
        if (kind == BodyKind.Json)
        {
            using var input = JsonInput.Parse(body, ImageField, ClassLabels.LabelsField);
            batch = Images(input);
        }
        else
        {
            batch = kind == BodyKind.Png ? PngImage(context.Request, body.Span) : Images(context.Request, NpyBody.Read(body, options.MaxBatch, ImageRows).Array);
        }
        var (images, rows, labels) = batch;
        context.Items[BatchItem] = rows;
        var encoded = metrics.Encode(model, images, labels);
        if (npyAnswer)
        {
            using var both = new PooledFloats(2 * encoded.Mu.Length);
            encoded.Mu.CopyTo(both.Span);
            encoded.LogVar.CopyTo(both.Span[encoded.Mu.Length..]);
            await NpyBody.WriteAsync(context, both.Memory, [2, encoded.Count, encoded.LatentDim]).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", encoded.Count);
            json.WriteNumber("latentDim", encoded.LatentDim);
            if (labels is not null)
            {
                WriteInts(json, ClassLabels.LabelsField, labels);
            }
            WriteRows(json, "mu", encoded.Mu, encoded.Count, encoded.LatentDim);
            WriteRows(json, "logvar", encoded.LogVar, encoded.Count, encoded.LatentDim);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The .npy layout of latent codes: [N, latent], any finite values.</summary>
    private NpyRows LatentRows => new([model.LatentDim], ValueKind.Latent, CodesField, $"codes of {LatentMeaning}");

    /// <summary>The .npy layout of images: [N, C, H, W], pixels in [0, 1].</summary>
    private NpyRows ImageRows => new([Image.Channels, Image.Height, Image.Width], ValueKind.Pixel, ImageField, $"images of {PixelMeaning}");

    /// <summary>The codes of a JSON body's <c>z</c> field (one flat row or a batch).</summary>
    private FloatRows Codes(JsonInput input) =>
        JsonInput.Rows(input.Required(CodesField), CodesField, model.LatentDim, options.MaxBatch, ValueKind.Latent, LatentMeaning);

    /// <summary>The images of a JSON body's <c>image</c> field with their <c>labels</c> (a conditional model's).</summary>
    private ImageBatch Images(JsonInput input)
    {
        var parsed = JsonInput.Rows(input.Required(ImageField), ImageField, Pixels, options.MaxBatch, ValueKind.Pixel, PixelMeaning);
        return new ImageBatch(parsed.Values, parsed.Rows, _labels.FromJson(input, parsed.Rows, "image"));
    }

    /// <summary>The images of a .npy body (read by <see cref="ImageRows"/>) with their labels from the query (<c>?labels=1,2,3</c>).</summary>
    private ImageBatch Images(HttpRequest request, NpyArray array) =>
        new(array.Data, array.Rows, _labels.FromQuery(request, ClassLabels.LabelsField, array.Rows, "image"));

    /// <summary>The one image of a PNG body with its label from the query (<c>?label=3</c>).</summary>
    private ImageBatch PngImage(HttpRequest request, ReadOnlySpan<byte> png)
    {
        var image = DecodePng(png);
        var images = new float[Pixels];
        PixelScaling.ToUnit(image.Pixels, images);
        return new ImageBatch(images, 1, _labels.FromQuery(request, ClassLabels.LabelParameter, 1, "image"));
    }

    /// <summary>Checks the PNG header before decoding, so a tiny file declaring a huge image is refused cheaply.</summary>
    private GrayImage DecodePng(ReadOnlySpan<byte> png)
    {
        if (Image.Channels != 1)
        {
            throw ApiException.Unprocessable($"this model takes {Image.Channels}-channel images: send them as JSON or .npy, not as a grey PNG");
        }
        if (!PngFile.HasSignature(png))
        {
            throw ApiException.Unprocessable("the body is not a PNG file (bad signature)");
        }
        // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
        if (png.Length >= 24 && png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            uint width = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
            uint height = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
            CheckPngSize(width, height);
        }
        try
        {
            var image = PngFile.DecodeGray(png, "PNG body");
            CheckPngSize((uint)image.Width, (uint)image.Height);
            return image;
        }
        catch (DataFileException e)
        {
            throw ApiException.Unprocessable(e.Message);
        }
    }

    private void CheckPngSize(uint width, uint height)
    {
        if (width != Image.Width || height != Image.Height)
        {
            throw ApiException.Unprocessable($"the PNG is {width}×{height}, the model takes {Image.Width}×{Image.Height} images (resize it first)");
        }
    }
}
