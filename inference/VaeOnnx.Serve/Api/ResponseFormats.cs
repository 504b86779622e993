using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace VaeOnnx.Serve.Api;

/// <summary>Reads the <see cref="ResponseFormat"/> a request asks for.</summary>
internal static class ResponseFormats
{
    /// <summary>
    /// <c>?format=json|png</c> (400 for anything else or a repeated one), else .npy when <paramref name="npyAllowed"/>
    /// and the Accept header lists <c>application/x-npy</c> with a non-zero quality, else JSON.
    /// </summary>
    public static ResponseFormat Of(HttpContext context, bool npyAllowed)
    {
        var values = context.Request.Query["format"];
        var format = values.Count switch
        {
            0 => ResponseFormat.Json,
            1 when values[0] is "json" => ResponseFormat.Json,
            1 when values[0] is "png" => ResponseFormat.Png,
            1 => throw ApiException.BadRequest($"format must be 'json' (float arrays, the default) or 'png', got '{values[0]}'"),
            _ => throw ApiException.BadRequest("give format at most once"),
        };
        return format == ResponseFormat.Json && values.Count == 0 && npyAllowed && AcceptsNpy(context.Request)
            ? ResponseFormat.Npy
            : format;
    }

    private static bool AcceptsNpy(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals(NpyBody.MediaType, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
}
