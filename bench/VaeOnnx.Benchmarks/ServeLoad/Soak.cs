using System.Diagnostics;
using System.Globalization;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// A bounded soak of <c>vae serve</c>: the server runs out of process (so its resident memory is its own), and
/// <see cref="SoakOptions.Clients"/> loopback clients send a mix of every endpoint — about
/// <see cref="SoakOptions.MalformedShare"/> of it malformed on purpose — for a warm-up and then the measured run. Every
/// answer is classified (well-formed must be 2xx or 304, malformed 4xx as problem+json), the server's VmRSS is sampled every second,
/// and the server is stopped with SIGTERM at the end and must exit 0. See <see cref="SoakResult"/> for the verdict.
/// Clients and server share the machine's cores, so the rates are for the pair.
/// </summary>
public static class Soak
{
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(30);

    /// <summary>Runs the soak, printing progress to <paramref name="progress"/>; returns the numbers (whether or not it passed).</summary>
    /// <exception cref="ArgumentException">Options out of range or missing files.</exception>
    /// <exception cref="InvalidOperationException">The server did not start or answer <c>/v1/model</c>.</exception>
    public static async Task<SoakResult> RunAsync(SoakOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        options.Validate();
        var c = CultureInfo.InvariantCulture;
        string[] arguments =
        [
            "--models", options.ModelDirectory, "--data", options.DataDirectory, "--device", CliOptions.ChoiceName(options.Device),
            "--max-body-bytes", options.MaxBodyBytes.ToString(c), "--quiet",
        ];
        var (server, address) = await ServerProcess.StartAsync(options.VaeDll, arguments, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            ServedModel model;
            IReadOnlyList<SoakRequest> mix;
            Phase warmup, run;
            double rssStart, rssWarmup, rssEnd;
            long threadsWarmup, threadsEnd;
            var samples = new List<double>();
            using (var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients, UseProxy = false })
            using (var client = new HttpClient(handler) { BaseAddress = address, Timeout = options.RequestTimeout })
            {
                model = await ServedModel.ReadAsync(client, cancellationToken).ConfigureAwait(false);
                mix = SoakMix.Build(model);
                rssStart = Rss(server);
                await progress.WriteLineAsync(string.Create(c,
                    $"soak: vae serve (pid {server.Id}, {model.Description}, {model.Provider}) on {address}; {options.Clients} clients, " +
                    $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s, ~{options.MalformedShare:P0} malformed, " +
                    $"{mix.Count} kinds of request; RSS {rssStart:F1} MiB")).ConfigureAwait(false);

                warmup = await RunPhaseAsync(client, server, mix, options, options.Warmup, seed: options.Seed, onTick: null, cancellationToken).ConfigureAwait(false);
                rssWarmup = Rss(server);
                threadsWarmup = server.Threads() ?? 0;
                await progress.WriteLineAsync(string.Create(c,
                    $"soak: warm-up done, {warmup.Requests:N0} requests, {warmup.ServerErrors} 5xx, RSS {rssWarmup:F1} MiB, {threadsWarmup} threads")).ConfigureAwait(false);

                var nextProgress = options.ProgressInterval;
                run = await RunPhaseAsync(client, server, mix, options, options.Duration, seed: options.Seed + options.Clients, async (elapsed, live) =>
                {
                    double rss = Rss(server);
                    samples.Add(rss);
                    if (elapsed >= nextProgress)
                    {
                        nextProgress += options.ProgressInterval;
                        await progress.WriteLineAsync(string.Create(c,
                            $"soak: {elapsed.TotalSeconds:0}/{options.Duration.TotalSeconds:0} s, {live.Requests:N0} requests " +
                            $"({live.Requests / elapsed.TotalSeconds:N0}/s), {live.ServerErrors} 5xx, {live.Mismatches} mismatched, RSS {rss:F1} MiB, {server.Threads()} threads")).ConfigureAwait(false);
                    }
                }, cancellationToken).ConfigureAwait(false);
                rssEnd = Rss(server);
                threadsEnd = server.Threads() ?? 0;
            }
            int? exitCode = await server.TerminateAsync(ExitLimit).ConfigureAwait(false);

            var result = new SoakResult
            {
                Model = model.Description,
                Provider = model.Provider,
                Server = string.Join(' ', arguments),
                Clients = options.Clients,
                WarmupSeconds = options.Warmup.TotalSeconds,
                PlannedSeconds = options.Duration.TotalSeconds,
                Seconds = Math.Round(run.Seconds, 3),
                MalformedShare = options.MalformedShare,
                LoadAverage = LoadAverage(),
                Requests = run.Requests,
                RequestsPerSecond = Math.Round(run.Requests / run.Seconds, 1),
                MalformedRequests = run.Count(mix, malformed: true, t => t.Requests),
                ServerErrors = run.ServerErrors,
                MalformedNot4xx = run.Count(mix, malformed: true, t => t.Mismatches),
                WellFormedNotOk = run.Count(mix, malformed: false, t => t.Mismatches),
                ConnectionErrors = run.Count(mix, null, t => t.ConnectionErrors),
                WarmupRequests = warmup.Requests,
                WarmupServerErrors = warmup.ServerErrors,
                WarmupMalformedNot4xx = warmup.Count(mix, malformed: true, t => t.Mismatches),
                WarmupWellFormedNotOk = warmup.Count(mix, malformed: false, t => t.Mismatches),
                RssStartMiB = Math.Round(rssStart, 1),
                RssWarmupMiB = Math.Round(rssWarmup, 1),
                RssMaxMiB = Math.Round(samples.Append(rssWarmup).Append(rssEnd).Max(), 1),
                RssEndMiB = Math.Round(rssEnd, 1),
                RssSamplesMiB = [.. samples.Select(s => Math.Round(s, 1))],
                RssTolerance = options.RssTolerance,
                ThreadsWarmup = threadsWarmup,
                ThreadsEnd = threadsEnd,
                ServerExitCode = exitCode,
                Kinds = [.. mix.Select((kind, i) => KindResult(kind, run.Tallies[i]))],
            };
            await progress.WriteLineAsync(string.Create(c,
                $"soak: {(result.Passed ? "passed" : "FAILED")}: {result.Requests:N0} requests in {result.Seconds:F1} s ({result.RequestsPerSecond:N0}/s), " +
                $"{result.ServerErrors + result.WarmupServerErrors} 5xx, {result.MalformedRequests:N0} malformed ({result.MalformedNot4xx + result.WarmupMalformedNot4xx} not 4xx problem+json), " +
                $"{result.WellFormedNotOk} well-formed not 2xx/304, RSS {result.RssWarmupMiB:F1} → {result.RssEndMiB:F1} MiB (max {result.RssMaxMiB:F1}, " +
                $"{result.RssRatio:F3}×), server exit {(exitCode is { } code ? code.ToString(c) : "killed")}")).ConfigureAwait(false);
            foreach (string failure in result.Failures)
            {
                await progress.WriteLineAsync("soak: " + failure).ConfigureAwait(false);
            }
            return result;
        }
    }

    /// <summary>What every client saw of each kind of request in one phase, merged.</summary>
    private sealed record Phase(KindTally[] Tallies, double Seconds)
    {
        public long Requests => Tallies.Sum(t => t.Requests);

        public long ServerErrors => Tallies.Sum(t => t.ServerErrors);

        public long Count(IReadOnlyList<SoakRequest> mix, bool? malformed, Func<KindTally, long> count) =>
            Tallies.Where((_, i) => malformed is null || mix[i].Malformed == malformed).Sum(count);
    }

    /// <summary>Counters the clients update as they go, for the progress lines.</summary>
    private sealed class Live
    {
        private long _requests, _serverErrors, _mismatches;

        public long Requests => Interlocked.Read(ref _requests);

        public long ServerErrors => Interlocked.Read(ref _serverErrors);

        public long Mismatches => Interlocked.Read(ref _mismatches);

        public void Count(bool serverError, bool mismatch)
        {
            Interlocked.Increment(ref _requests);
            if (serverError)
            {
                Interlocked.Increment(ref _serverErrors);
            }
            if (mismatch)
            {
                Interlocked.Increment(ref _mismatches);
            }
        }
    }

    /// <summary>
    /// Every client sends requests until <paramref name="length"/> has passed; a request in flight then is still answered
    /// and counted (cutting it off would count as a connection error). <paramref name="onTick"/> runs every second.
    /// </summary>
    private static async Task<Phase> RunPhaseAsync(HttpClient client, ServerProcess server, IReadOnlyList<SoakRequest> mix, SoakOptions options,
        TimeSpan length, int seed, Func<TimeSpan, Live, Task>? onTick, CancellationToken cancellationToken)
    {
        if (length <= TimeSpan.Zero)
        {
            return new Phase([.. mix.Select(_ => new KindTally())], 0);
        }
        var picker = new Picker(mix, options.MalformedShare);
        var live = new Live();
        var clock = Stopwatch.StartNew();

        async Task<KindTally[]> ClientAsync(int index)
        {
            var random = new Random(seed + index);
            var tallies = mix.Select(_ => new KindTally()).ToArray();
            for (int n = 0; clock.Elapsed < length; n++)
            {
                int k = picker.Next(random);
                var kind = mix[k];
                using var request = kind.Create((index * 100_003) + n);
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    int status = (int)response.StatusCode;
                    bool ok = tallies[k].Answer(status, Stopwatch.GetElapsedTime(start).TotalMilliseconds, kind.Malformed,
                        response.Content.Headers.ContentType?.MediaType);
                    live.Count(status >= 500, !ok);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    tallies[k].ConnectionError(e);
                    live.Count(false, true);
                    // A server that died would refuse every connection at once: stop rather than spin until the deadline.
                    if (server.HasExited)
                    {
                        break;
                    }
                }
            }
            return tallies;
        }

        using var stopTicks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticks = onTick is null ? Task.CompletedTask : TickAsync(onTick, live, clock, stopTicks.Token);
        var perClient = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(i => Task.Run(() => ClientAsync(i), CancellationToken.None)))
            .ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        await stopTicks.CancelAsync().ConfigureAwait(false);
        await ticks.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var merged = mix.Select(_ => new KindTally()).ToArray();
        foreach (var tallies in perClient)
        {
            for (int k = 0; k < merged.Length; k++)
            {
                merged[k].Add(tallies[k]);
            }
        }
        return new Phase(merged, seconds);
    }

    private static async Task TickAsync(Func<TimeSpan, Live, Task> onTick, Live live, Stopwatch clock, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await onTick(clock.Elapsed, live).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The phase is over.
        }
    }

    /// <summary>Chooses a kind: malformed with probability <c>share</c>, then by weight within the class.</summary>
    private sealed class Picker(IReadOnlyList<SoakRequest> mix, double share)
    {
        private readonly (int[] Kinds, double[] Cumulative) _wellFormed = Cumulative(mix, malformed: false);
        private readonly (int[] Kinds, double[] Cumulative) _malformed = Cumulative(mix, malformed: true);

        public int Next(Random random)
        {
            var (kinds, cumulative) = _malformed.Kinds.Length > 0 && random.NextDouble() < share ? _malformed : _wellFormed;
            double x = random.NextDouble() * cumulative[^1];
            int i = Array.FindIndex(cumulative, w => x < w);
            return kinds[i < 0 ? kinds.Length - 1 : i];
        }

        private static (int[], double[]) Cumulative(IReadOnlyList<SoakRequest> mix, bool malformed)
        {
            int[] kinds = [.. Enumerable.Range(0, mix.Count).Where(i => mix[i].Malformed == malformed)];
            double sum = 0;
            return (kinds, [.. kinds.Select(i => sum += mix[i].Weight)]);
        }
    }

    private static SoakKindResult KindResult(SoakRequest kind, KindTally tally)
    {
        var sorted = tally.LatenciesMs.Order().ToArray();
        double Percentile(double q) => sorted.Length == 0 ? 0 : Math.Round(Quantiles.Linear(sorted, q), 3);
        return new SoakKindResult
        {
            Name = kind.Name,
            Endpoint = kind.Endpoint,
            Malformed = kind.Malformed,
            ExpectedStatus = kind.ExpectedStatus,
            Requests = tally.Requests,
            Statuses = tally.Statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            ConnectionErrors = tally.ConnectionErrors,
            FirstConnectionError = tally.FirstConnectionError,
            ServerErrors = tally.ServerErrors,
            Mismatches = tally.Mismatches,
            NotProblemJson = tally.NotProblemJson,
            P50Ms = Percentile(0.50),
            P99Ms = Percentile(0.99),
            MaxMs = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 3),
        };
    }

    /// <summary>The server's VmRSS in MiB; 0 once it is gone (its exit code then tells why).</summary>
    private static double Rss(ServerProcess server) => (server.ResidentBytes() ?? 0) / MiB;

    /// <summary>The 1-minute load average (/proc/loadavg): how busy the machine was besides the soak.</summary>
    private static double? LoadAverage()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
