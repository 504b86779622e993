using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VaeOnnx.Serve.Api;

// POST /v1/generate and /v1/interpolate: codes the server makes, decoded under one digit for a conditional model.
internal sealed partial class VaeApi
{
    /// <summary>
    /// <c>POST /v1/generate</c>: <c>{"n": 8, "seed": 42}</c>, both optional (n = 1, a random seed that the response
    /// reports), plus <c>"digit"</c> for a conditional model.
    /// </summary>
    public async Task GenerateAsync(HttpContext context)
    {
        bool png = ResponseFormats.Of(context, npyAllowed: false) == ResponseFormat.Png;
        int n = 1;
        int seed;
        int? digit;
        if (HasBody(context.Request))
        {
            RequestBody.RequireJson(context.Request);
            var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
            using var input = JsonInput.Parse(body, "n", "seed", ClassLabels.DigitField);
            n = input.Int("n", 1, 1, options.MaxBatch, overMaxIsTooLarge: true, " per request (--max-batch)");
            seed = input.Int("seed", Random.Shared.Next(), int.MinValue, int.MaxValue);
            digit = _labels.Digit(input);
        }
        else
        {
            seed = Random.Shared.Next();
            digit = _labels.Digit(null);
        }
        float[] z = model.SampleLatents(n, seed);
        using var images = await DecodeAsync(context, z, Repeat(digit, n), n).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", n);
            json.WriteNumber("seed", seed);
            WriteDigit(json, digit);
            WriteRows(json, "z", z, n, model.LatentDim);
            WriteImages(json, images.Span, n, png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /v1/interpolate</c>: <c>{"from": [..], "to": [..], "steps": 10}</c>, both ends included, plus
    /// <c>"digit"</c> for a conditional model.
    /// </summary>
    public async Task InterpolateAsync(HttpContext context)
    {
        bool png = ResponseFormats.Of(context, npyAllowed: false) == ResponseFormat.Png;
        RequestBody.RequireJson(context.Request);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        float[] from, to;
        int steps;
        int? digit;
        using (var input = JsonInput.Parse(body, "from", "to", "steps", ClassLabels.DigitField))
        {
            from = JsonInput.Row(input.Required("from"), "from", model.LatentDim, ValueKind.Latent, LatentMeaning);
            to = JsonInput.Row(input.Required("to"), "to", model.LatentDim, ValueKind.Latent, LatentMeaning);
            steps = input.Int("steps", 10, 2, options.MaxBatch, overMaxIsTooLarge: true, " per request (--max-batch)");
            digit = _labels.Digit(input);
        }
        float[] z = model.InterpolateLatents(from, to, steps);
        using var images = await DecodeAsync(context, z, Repeat(digit, steps), steps).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", steps);
            WriteDigit(json, digit);
            WriteRows(json, "z", z, steps, model.LatentDim);
            WriteImages(json, images.Span, steps, png);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static int[]? Repeat(int? digit, int count) => digit is { } d ? Enumerable.Repeat(d, count).ToArray() : null;

    private static void WriteDigit(Utf8JsonWriter json, int? digit)
    {
        if (digit is { } d)
        {
            json.WriteNumber(ClassLabels.DigitField, d);
        }
    }
}
