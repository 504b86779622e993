using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VaeOnnx.Data;
using VaeOnnx.Inference;
using VaeOnnx.Serve;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// A bounded load test: starts the server in-process on 127.0.0.1 (port 0: the address it bound is read back), sends
/// a fixed number of decode requests from <see cref="LoadTestOptions.Clients"/> concurrent clients — single codes, then
/// batches as JSON, then the same batches as .npy both ways — and measures the library's rate for those batches in
/// the same process right after (no HTTP), without and with micro-batching, alternating for <see cref="LoadTestOptions.Rounds"/> rounds (client and server share one
/// process, so a later run inherits JIT-optimised code: each run warms up both request kinds first, and the
/// alternation shows any order effect that is left). Reports requests/s and latency percentiles. Loopback only; every
/// phase has a wall-clock limit. Client and server share the machine's cores, so the figures are for the pair.
/// </summary>
public static class LoadTest
{
    private const int Warmup = 500;
    private const int BatchWarmup = 40;
    private const string Json = RequestBodies.Json;
    private const string Npy = RequestBodies.Npy;

    /// <summary>Runs the load, prints a table to <paramref name="output"/> and writes the JSON report; returns every run.</summary>
    /// <exception cref="ArgumentException">Options out of range.</exception>
    public static async Task<IReadOnlyList<RunResult>> RunAsync(LoadTestOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        var runs = new List<RunResult>();
        int latentDim = 0;
        string provider = "", modelDirectory = "";
        int threads = 0;
        foreach (var (round, microBatching) in Enumerable.Range(1, options.Rounds).SelectMany(r => new[] { (r, false), (r, true) }))
        {
            var server = options.Server with
            {
                Urls = "http://127.0.0.1:0",
                MicroBatching = microBatching,
                LogRequests = false,
                LatentPoints = 0,
            };
            await using var app = VaeServer.Build(server, logging => logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var model = app.Services.GetRequiredService<VaeModel>();
            (latentDim, provider, threads, modelDirectory) = (model.LatentDim, model.Provider, model.IntraOpThreads, model.ModelDirectory);
            var baseAddress = new Uri(app.Urls.First());
            if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
            {
                throw new InvalidOperationException($"load test server bound to {baseAddress}, not loopback");
            }
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false };
            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var singleCodes = RequestBodies.Codes(latentDim, 1, 256, seed: 1);
            var batchCodes = RequestBodies.Codes(latentDim, options.BatchSize, 16, seed: 2);
            var singleBodies = new Bodies([.. singleCodes.Select(z => RequestBodies.JsonRows(z, latentDim))], Json, Json);
            var batchBodies = new Bodies([.. batchCodes.Select(z => RequestBodies.JsonRows(z, latentDim))], Json, Json);
            var npyBodies = new Bodies([.. batchCodes.Select(z => RequestBodies.NpyArray(z, z.Length / latentDim, latentDim))], Npy, Npy);
            int batchWarmup = Math.Min(BatchWarmup, Math.Max(options.BatchRequests, 1));
            await PhaseAsync(client, "warmup", singleBodies, 1, Math.Min(Warmup, Math.Max(options.SingleRequests, 1)), options.Clients,
                options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            await PhaseAsync(client, "warmup", batchBodies, options.BatchSize, batchWarmup, options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            await PhaseAsync(client, "warmup", npyBodies, options.BatchSize, batchWarmup, options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var single = await PhaseAsync(client, "single", singleBodies, 1, options.SingleRequests, options.Clients,
                options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var batched = await PhaseAsync(client, $"batch{options.BatchSize}", batchBodies, options.BatchSize, options.BatchRequests,
                options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var batchedNpy = await PhaseAsync(client, $"npy{options.BatchSize}", npyBodies, options.BatchSize, options.NpyBatchRequests,
                options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            double library = LibraryRate(model, batchCodes, options.BatchSize, options.NpyBatchRequests, options.PhaseTimeout);
            var batcher = app.Services.GetRequiredService<IDecodeExecutor>() as DecodeBatcher;
            var run = new RunResult(round, microBatching, single, batched, batchedNpy, library, batcher?.Runs ?? -1, batcher?.Requests ?? -1);
            runs.Add(run);
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        string table = Table(runs, options, provider, threads);
        await output.WriteAsync(table).ConfigureAwait(false);
        WriteReport(options, runs, latentDim, provider, threads, modelDirectory);
        await output.WriteLineAsync($"wrote {options.OutputPath}").ConfigureAwait(false);
        return runs;
    }

    /// <summary>Request bodies of one kind, with their Content-Type and the Accept header sent.</summary>
    private sealed record Bodies(byte[][] Content, string ContentType, string Accept);

    /// <summary>
    /// The library's rate for the same batches, no HTTP: <see cref="Environment.ProcessorCount"/> threads decoding
    /// <paramref name="requests"/> batches into their own buffers, like the server's request threads do.
    /// </summary>
    private static double LibraryRate(VaeModel model, float[][] batches, int batchSize, int requests, TimeSpan timeout)
    {
        int next = -1, done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            var images = new float[batchSize * model.ImageSize];
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests && clock.Elapsed < timeout)
            {
                model.Decode(batches[i % batches.Length], images);
                Interlocked.Increment(ref done);
            }
        });
        return done * (double)batchSize / clock.Elapsed.TotalSeconds;
    }

    private static async Task<PhaseResult> PhaseAsync(HttpClient client, string name, Bodies bodies, int codes, int requests,
        int clients, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        int next = -1, completed = 0, failed = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests && !deadline.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(bodies.Content[i % bodies.Content.Length]);
                    content.Headers.ContentType = new MediaTypeHeaderValue(bodies.ContentType);
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/decode") { Content = content };
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(bodies.Accept));
                    // Headers first, then the body streamed away: buffering a 200 KB answer would charge the client's
                    // copy to the server on these shared cores.
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                    await (await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false))
                        .CopyToAsync(Stream.Null, deadline.Token).ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    if (!deadline.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    continue;
                }
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref completed);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(WorkerAsync, CancellationToken.None))).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        cancellationToken.ThrowIfCancellationRequested();
        var done = latencies.Where(l => l > 0).Order().ToArray();
        return new PhaseResult(name, codes, requests, completed, failed, seconds,
            completed / seconds, completed * (double)codes / seconds,
            Percentile(done, 0.50), Percentile(done, 0.90), Percentile(done, 0.99), done.Length == 0 ? 0 : done[^1],
            deadline.IsCancellationRequested);
    }

    /// <summary>A phase where every request failed has no latencies: report 0 rather than fail the whole run.</summary>
    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : Quantiles.Linear(sorted, q);

    private static string Table(List<RunResult> runs, LoadTestOptions options, string provider, int threads)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"decode load on 127.0.0.1: {options.Clients} clients, {provider} provider, {threads} intra-op threads, {Environment.ProcessorCount} cores shared by client and server");
        text.AppendLine("round  micro-batch  phase      requests  failed   req/s     codes/s   p50 ms   p90 ms   p99 ms   ORT runs");
        foreach (var run in runs)
        {
            foreach (var phase in new[] { run.Single, run.Batched, run.BatchedNpy })
            {
                text.AppendLine(c, $"{run.Round,5}  {(run.MicroBatching ? "on" : "off"),-12} {phase.Name,-10} {phase.Completed,8} {phase.Failed,7} {phase.RequestsPerSecond,8:0} {phase.CodesPerSecond,10:0} {phase.P50Ms,8:0.00} {phase.P90Ms,8:0.00} {phase.P99Ms,8:0.00}   {(run.OnnxRuns < 0 ? "-" : run.OnnxRuns.ToString(c))}{(phase.TimedOut ? "  (timed out)" : "")}");
            }
            text.AppendLine(c, $"{run.Round,5}  {(run.MicroBatching ? "on" : "off"),-12} {"library",-10} {"",8} {"",7} {"",8} {run.LibraryCodesPerSecond,10:0}   (.npy over HTTP: {run.BatchedNpy.CodesPerSecond / run.LibraryCodesPerSecond:0%} of it, JSON: {run.Batched.CodesPerSecond / run.LibraryCodesPerSecond:0%})");
        }
        return text.ToString();
    }

    private static void WriteReport(LoadTestOptions options, List<RunResult> runs, int latentDim, string provider, int threads, string modelDirectory) =>
        AtomicFile.Write(options.OutputPath, file =>
        {
            using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            WriteReport(json, options, runs, latentDim, provider, threads, modelDirectory);
        });

    private static void WriteReport(Utf8JsonWriter json, LoadTestOptions options, List<RunResult> runs, int latentDim, string provider, int threads,
        string modelDirectory)
    {
        json.WriteStartObject();
        json.WriteString("kind", "vae-serve-load-test");
        json.WriteString("created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartObject("machine");
        json.WriteString("host", Environment.MachineName);
        json.WriteNumber("cores", Environment.ProcessorCount);
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteString("note", "client and server in one process on loopback, sharing the cores");
        json.WriteEndObject();
        json.WriteStartObject("model");
        json.WriteString("directory", modelDirectory);
        json.WriteNumber("latentDim", latentDim);
        json.WriteString("provider", provider);
        json.WriteNumber("intraOpThreads", threads);
        json.WriteString("onnxRuntime", VaeModel.OnnxRuntimeVersion);
        json.WriteEndObject();
        json.WriteNumber("clients", options.Clients);
        json.WriteNumber("rounds", options.Rounds);
        json.WriteStartArray("runs");
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteNumber("round", run.Round);
            json.WriteBoolean("microBatching", run.MicroBatching);
            if (run.OnnxRuns >= 0)
            {
                json.WriteNumber("onnxRuns", run.OnnxRuns);
                json.WriteNumber("decodeRequests", run.DecodeRequests);
            }
            json.WriteNumber("libraryCodesPerSecond", Math.Round(run.LibraryCodesPerSecond, 1));
            foreach (var (key, phase) in new[] { ("single", run.Single), ("batched", run.Batched), ("batchedNpy", run.BatchedNpy) })
            {
                json.WriteStartObject(key);
                json.WriteString("name", phase.Name);
                json.WriteNumber("codesPerRequest", phase.CodesPerRequest);
                json.WriteNumber("requests", phase.Requests);
                json.WriteNumber("completed", phase.Completed);
                json.WriteNumber("failed", phase.Failed);
                json.WriteBoolean("timedOut", phase.TimedOut);
                json.WriteNumber("seconds", Math.Round(phase.Seconds, 4));
                json.WriteNumber("requestsPerSecond", Math.Round(phase.RequestsPerSecond, 1));
                json.WriteNumber("codesPerSecond", Math.Round(phase.CodesPerSecond, 1));
                json.WriteNumber("p50Ms", Math.Round(phase.P50Ms, 3));
                json.WriteNumber("p90Ms", Math.Round(phase.P90Ms, 3));
                json.WriteNumber("p99Ms", Math.Round(phase.P99Ms, 3));
                json.WriteNumber("maxMs", Math.Round(phase.MaxMs, 3));
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
