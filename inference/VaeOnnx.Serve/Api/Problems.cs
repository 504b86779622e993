using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// Error answers as RFC 7807 <c>application/problem+json</c>, written by ASP.NET Core's problem-details service (type,
/// title, status and traceId are its defaults): the exception handler turns exceptions into problems, the
/// status-code pages give routing's empty 404 and 405 a body. What is ours is only what the framework cannot know
/// and the tests ask for: the status and detail of a refused request (the endpoint tests read both; the 404 and 405
/// details point to the API), the request path as <c>instance</c>, and that a client's bad input is not logged as a
/// server error. A 500 keeps the framework's body without a detail: the exception stays in the log.
/// </summary>
internal static class Problems
{
    /// <summary>The exception handler's settings: statuses of client faults, and no error log for them.</summary>
    public static ExceptionHandlerOptions ExceptionHandler() => new()
    {
        StatusCodeSelector = error => error switch
        {
            ApiException api => api.Status,
            // Kestrel's own refusals: a body over the size limit (413), malformed framing (400).
            BadHttpRequestException kestrel => kestrel.StatusCode,
            _ => StatusCodes.Status500InternalServerError,
        },
        SuppressDiagnosticsCallback = context => IsClientFault(context.Exception),
    };

    /// <summary>
    /// Adds what the default problem lacks: the detail that says what to fix, the path as the instance, and
    /// <c>Connection: close</c> when the body was left unread.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        if (context.Exception is ApiException { BodyLeftUnread: true } or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // Kestrel does not drain a body over the limit: it closes the connection after the answer. Saying so keeps a
            // client from sending its next request on that connection, where it would fail with no answer at all
            // (HttpClient does not retry a POST; the soak of vae-bench found it). Set here: the exception handler clears
            // the response's headers before the problem is written.
            context.HttpContext.Response.Headers.Connection = "close";
        }
        problem.Instance ??= request.Path.Value;
        problem.Detail ??= context.Exception switch
        {
            ApiException api => api.Detail,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => "request body is larger than the limit (--max-body-bytes)",
            null => problem.Status switch
            {
                StatusCodes.Status404NotFound => $"no resource at {request.Path.Value}; the API is under /v1 (see GET /v1/model)",
                StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path.Value}",
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Middleware: every error is problem+json whatever the Accept header asks for (a client that wants .npy still gets
    /// a readable refusal). The framework's writer only writes for clients that accept JSON, so an Accept header that
    /// lists other types gets problem+json appended with the lowest quality, where it never wins a negotiation of ours.
    /// </summary>
    public static Task AcceptProblemJson(HttpContext context, RequestDelegate next)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count > 0)
        {
            context.Request.Headers.Accept = StringValues.Concat(accept, "application/problem+json;q=0.001");
        }
        return next(context);
    }

    private static bool IsClientFault(Exception error) => error is ApiException or BadHttpRequestException;
}
