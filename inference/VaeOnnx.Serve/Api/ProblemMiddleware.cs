using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// Turns every failure into problem details: <see cref="ApiException"/> (user input) and Kestrel's
/// <see cref="BadHttpRequestException"/> (body too large, malformed framing) keep their status; routing's empty 404
/// and 405 get a body; any other exception is logged and becomes a 500 (a bug, never the client's input).
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, e.Status, e.Detail).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            string detail = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "request body is larger than the limit (--max-body-bytes)"
                : e.Message;
            await Problems.WriteAsync(context, e.StatusCode, detail).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody to answer
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, e, context.Request.Method, context.Request.Path.Value ?? "");
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError,
                "the server failed to handle this request; the log has the details").ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            string? detail = response.StatusCode switch
            {
                404 => $"no resource at {context.Request.Path.Value}; the API is under /v1 (see GET /v1/model)",
                405 => $"{context.Request.Method} is not allowed on {context.Request.Path.Value}",
                _ => null,
            };
            await Problems.WriteAsync(context, response.StatusCode, detail).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
