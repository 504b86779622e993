using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VaeOnnx.Serve.Api;

namespace VaeOnnx.Serve;

/// <summary>
/// One structured log line per request, written when it completes: method, path, status, milliseconds and the batch
/// size (codes or images the request carried; 0 when it carries none). Category <c>VaeOnnx.Serve.Requests</c>.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "VaeOnnx.Serve.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                int batch = context.Items.TryGetValue(VaeApi.BatchItem, out object? value) && value is int n ? n : 0;
                int status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
                LogRequest(_logger, context.Request.Method, context.Request.Path.Value ?? "/", status,
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds, batch);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} {ElapsedMs:0.000} ms batch={BatchSize}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs, int batchSize);
}
