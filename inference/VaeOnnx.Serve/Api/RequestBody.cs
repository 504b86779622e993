using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace VaeOnnx.Serve.Api;

/// <summary>Content-type checks and a size-limited read of the request body.</summary>
internal static class RequestBody
{
    public const string Json = "application/json";
    public const string Png = "image/png";

    /// <summary>The media type without parameters, lower case; null when the header is absent or unparsable.</summary>
    public static string? MediaType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : null;

    public static bool IsJson(string? mediaType) =>
        mediaType is Json || (mediaType is not null && mediaType.StartsWith("application/", StringComparison.Ordinal)
            && mediaType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>415 unless the request says it carries JSON.</summary>
    public static void RequireJson(HttpRequest request) => Require(request, BodyKind.Json);

    /// <summary>The kind of body the request declares, 415 unless it is one of <paramref name="accepted"/>.</summary>
    public static BodyKind Require(HttpRequest request, params BodyKind[] accepted)
    {
        string? type = MediaType(request);
        BodyKind? kind = type switch
        {
            Png => BodyKind.Png,
            NpyBody.MediaType => BodyKind.Npy,
            _ when IsJson(type) => BodyKind.Json,
            _ => null,
        };
        if (kind is { } known && accepted.Contains(known))
        {
            return known;
        }
        string expected = string.Join(" or ", accepted.Select(k => k switch
        {
            BodyKind.Png => Png,
            BodyKind.Npy => NpyBody.MediaType,
            _ => Json,
        }));
        throw ApiException.UnsupportedMediaType(type is null
            ? $"send the body as {expected} (with its Content-Type)"
            : $"Content-Type '{type}' is not accepted here; send {expected}");
    }

    /// <summary>
    /// Reads the whole body, refusing (413) a declared or actual length over <paramref name="limit"/>. Kestrel enforces
    /// the same limit on its side; this check also covers chunked bodies and in-process test servers.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength is long declared && declared > limit)
        {
            throw TooLarge(declared, limit);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }
        int capacity = (int)Math.Min(request.ContentLength ?? 4096, limit);
        var memory = new MemoryStream(capacity);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + n > limit)
                {
                    throw TooLarge(memory.Length + n, limit, atLeast: true);
                }
                memory.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return memory.GetBuffer().AsMemory(0, (int)memory.Length);
    }

    private static ApiException TooLarge(long length, long limit, bool atLeast = false) =>
        ApiException.BodyTooLarge($"request body is {(atLeast ? "over " : "")}{length} bytes, the limit is {limit} (--max-body-bytes)");
}
