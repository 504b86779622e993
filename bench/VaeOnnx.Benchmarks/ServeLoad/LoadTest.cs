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
/// A bounded load test: starts the server in-process on 127.0.0.1 (a free port), sends a fixed number of decode
/// requests from <see cref="LoadTestOptions.Clients"/> concurrent clients — single codes, then batches — without and
/// with micro-batching, alternating for <see cref="LoadTestOptions.Rounds"/> rounds (client and server share one
/// process, so a later run inherits JIT-optimised code: each run warms up both request kinds first, and the
/// alternation shows any order effect that is left). Reports requests/s and latency percentiles. Loopback only; every
/// phase has a wall-clock limit. Client and server share the machine's cores, so the figures are for the pair.
/// </summary>
public static class LoadTest
{
    private const int Warmup = 500;
    private const int BatchWarmup = 40;

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
            var singleBodies = Bodies(latentDim, 1, 256, seed: 1);
            var batchBodies = Bodies(latentDim, options.BatchSize, 16, seed: 2);
            await PhaseAsync(client, "warmup", singleBodies, 1, Math.Min(Warmup, Math.Max(options.SingleRequests, 1)), options.Clients,
                options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            await PhaseAsync(client, "warmup", batchBodies, options.BatchSize, Math.Min(BatchWarmup, Math.Max(options.BatchRequests, 1)),
                options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var single = await PhaseAsync(client, "single", singleBodies, 1, options.SingleRequests, options.Clients,
                options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var batched = await PhaseAsync(client, $"batch{options.BatchSize}", batchBodies, options.BatchSize, options.BatchRequests,
                options.Clients, options.PhaseTimeout, cancellationToken).ConfigureAwait(false);
            var batcher = app.Services.GetRequiredService<IDecodeExecutor>() as DecodeBatcher;
            var run = new RunResult(round, microBatching, single, batched, batcher?.Runs ?? -1, batcher?.Requests ?? -1);
            runs.Add(run);
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        string table = Table(runs, options, provider, threads);
        await output.WriteAsync(table).ConfigureAwait(false);
        WriteReport(options, runs, latentDim, provider, threads, modelDirectory);
        await output.WriteLineAsync($"wrote {options.OutputPath}").ConfigureAwait(false);
        return runs;
    }

    private static byte[][] Bodies(int latentDim, int codes, int count, int seed)
    {
        var random = new Random(seed);
        var bodies = new byte[count][];
        for (int b = 0; b < count; b++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("z");
                for (int c = 0; c < codes; c++)
                {
                    if (codes > 1)
                    {
                        json.WriteStartArray();
                    }
                    for (int d = 0; d < latentDim; d++)
                    {
                        json.WriteNumberValue(MathF.Round(((float)random.NextDouble() * 6f) - 3f, 4));
                    }
                    if (codes > 1)
                    {
                        json.WriteEndArray();
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            bodies[b] = buffer.ToArray();
        }
        return bodies;
    }

    private static async Task<PhaseResult> PhaseAsync(HttpClient client, string name, byte[][] bodies, int codes, int requests,
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
                    using var content = new ByteArrayContent(bodies[i % bodies.Length]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await client.PostAsync("/v1/decode", content, deadline.Token).ConfigureAwait(false);
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
            foreach (var phase in new[] { run.Single, run.Batched })
            {
                text.AppendLine(c, $"{run.Round,5}  {(run.MicroBatching ? "on" : "off"),-12} {phase.Name,-10} {phase.Completed,8} {phase.Failed,7} {phase.RequestsPerSecond,8:0} {phase.CodesPerSecond,10:0} {phase.P50Ms,8:0.00} {phase.P90Ms,8:0.00} {phase.P99Ms,8:0.00}   {(run.OnnxRuns < 0 ? "-" : run.OnnxRuns.ToString(c))}{(phase.TimedOut ? "  (timed out)" : "")}");
            }
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
            foreach (var phase in new[] { run.Single, run.Batched })
            {
                json.WriteStartObject(phase.CodesPerRequest == 1 ? "single" : "batched");
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
