using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Prometheus;
using VaeOnnx.Inference;

namespace VaeOnnx.Serve;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (so that servers built in one process, as the tests and
/// the load test do, never mix their counts): the HTTP middleware's <c>http_requests_received_total</c> (by endpoint,
/// method and status) and <c>http_request_duration_seconds</c>, and every ONNX Runtime call the API makes (encode,
/// decode, classify), timed and sized by operation (<c>vae_model_call_duration_seconds</c>, <c>vae_model_batch_size</c>). Scraped at <c>GET /metrics</c>.
/// </summary>
internal sealed class ServeMetrics
{
    private const string Decoding = "decode";
    private const string Encoding = "encode";
    private const string Classifying = "classify";

    private readonly Histogram.Child _decodeSeconds;
    private readonly Histogram.Child _encodeSeconds;
    private readonly Histogram.Child _decodeBatch;
    private readonly Histogram.Child _encodeBatch;
    private readonly Histogram.Child _classifySeconds;
    private readonly Histogram.Child _classifyBatch;

    public ServeMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        var seconds = factory.CreateHistogram("vae_model_call_duration_seconds", "Duration of one ONNX Runtime call of the model, by operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.000_005, 2, 18) });
        var batch = factory.CreateHistogram("vae_model_batch_size", "Codes or images in one ONNX Runtime call of the model, by operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(1, 2, 17) });
        _decodeSeconds = seconds.WithLabels(Decoding);
        _encodeSeconds = seconds.WithLabels(Encoding);
        _decodeBatch = batch.WithLabels(Decoding);
        _encodeBatch = batch.WithLabels(Encoding);
        _classifySeconds = seconds.WithLabels(Classifying);
        _classifyBatch = batch.WithLabels(Classifying);
    }

    /// <summary>The registry <c>/metrics</c> exports and the HTTP middleware writes to.</summary>
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>Decodes validated codes into <paramref name="images"/>, under <paramref name="labels"/> for a conditional model, and records the call.</summary>
    public void Decode(VaeModel model, ReadOnlySpan<float> z, ReadOnlySpan<int> labels, int count, Span<float> images)
    {
        long start = Stopwatch.GetTimestamp();
        if (model.Signature.IsConditional)
        {
            model.Decode(z, labels, images);
        }
        else
        {
            model.Decode(z, images);
        }
        Record(_decodeSeconds, _decodeBatch, start, count);
    }

    /// <summary>Encodes validated images, under <paramref name="labels"/> for a conditional model, and records the call.</summary>
    public VaeLatents Encode(VaeModel model, ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        long start = Stopwatch.GetTimestamp();
        var latents = model.Signature.IsConditional ? model.Encode(images, labels) : model.Encode(images);
        Record(_encodeSeconds, _encodeBatch, start, latents.Count);
        return latents;
    }

    /// <summary>Class probabilities [N, K] of validated codes (<paramref name="count"/> of them) by the latent classifier, and records the call.</summary>
    public float[] Classify(LatentClassifierModel classifier, ReadOnlySpan<float> mu, int count)
    {
        long start = Stopwatch.GetTimestamp();
        var probabilities = classifier.Probabilities(mu);
        Record(_classifySeconds, _classifyBatch, start, count);
        return probabilities;
    }

    /// <summary><c>GET /metrics</c>: the registry in Prometheus text format.</summary>
    public async Task ExportAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Middleware between the HTTP metrics and the exception handler: the handler clears the request's endpoint before it
    /// writes a problem (so that a re-executed request could be routed again), which would count every refused request
    /// under no endpoint at all; the endpoint the request was routed to is put back for the metrics to read.
    /// </summary>
    public static async Task KeepEndpoint(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        await next(context).ConfigureAwait(false);
        if (endpoint is not null && context.GetEndpoint() is null)
        {
            context.SetEndpoint(endpoint);
        }
    }

    private static void Record(Histogram.Child seconds, Histogram.Child batch, long start, int count)
    {
        seconds.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
        batch.Observe(count);
    }
}
