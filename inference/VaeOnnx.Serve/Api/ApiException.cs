using Microsoft.AspNetCore.Http;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// A request the API refuses, carried to the exception handler (<see cref="Problems"/>) and written as RFC 7807
/// <c>application/problem+json</c>. Only user-input faults use it (400, 413, 415, 422) and a resource this server does not have
/// (404); anything else is a bug (500).
/// </summary>
internal sealed class ApiException(int status, string detail, bool bodyLeftUnread = false) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>The request body was refused before it was read to its end (the connection cannot be reused for another request).</summary>
    public bool BodyLeftUnread { get; } = bodyLeftUnread;

    public string Detail => Message;

    /// <summary>400: the body is not valid JSON or does not have the expected structure (types, fields).</summary>
    public static ApiException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    /// <summary>404: what the request asks for is not available on this server (e.g. no classifier in the model folder).</summary>
    public static ApiException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    /// <summary>413: the body or the batch is larger than the configured limit.</summary>
    public static ApiException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);

    /// <summary>413: the body is larger than <c>--max-body-bytes</c>; it is left unread (see <see cref="BodyLeftUnread"/>).</summary>
    public static ApiException BodyTooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail, bodyLeftUnread: true);

    /// <summary>415: a content type the endpoint does not take.</summary>
    public static ApiException UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, detail);

    /// <summary>422: well-formed, but the values cannot be used (lengths, NaN/∞, ranges, an undecodable image).</summary>
    public static ApiException Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, detail);
}
