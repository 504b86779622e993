using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks;

/// <summary>Speed of training at one thread count.</summary>
public sealed record TrainingResult(int Threads, Spread SecondsPerEpoch, double ImagesPerSecond, double GflopPerEpoch, double CeilingGflops, double FractionOfCeiling);

/// <summary>Latency of one eager-decoder batch size, milliseconds.</summary>
public sealed record EagerResult(int Batch, Spread Milliseconds, double ImagesPerSecond);

/// <summary>One member of the family trained by vae-train and by the PyTorch reference loop, seconds per 60k-image epoch.</summary>
/// <param name="Model">The member (signature description).</param>
/// <param name="Threads">Threads of both.</param>
/// <param name="Images">Training images per measured epoch (times are scaled to 60k).</param>
/// <param name="Ours">vae-train's seconds per epoch.</param>
/// <param name="PyTorch">The reference's, when it could run.</param>
/// <param name="PairedRatios">
/// Our epoch over the reference's epoch that ran right after it, per pair: the two loops' measured epochs alternate, so
/// each pair sees the same state of a shared host. Null when the reference could not run.
/// </param>
/// <param name="Precision">vae-train's <c>--precision</c> (the reference is always float32).</param>
public sealed record PyTorchComparison(string Model, int Threads, int Images, Spread Ours, PyTorchResult? PyTorch, Spread? PairedRatios,
    TrainingPrecision Precision = TrainingPrecision.Float32)
{
    /// <summary>The headline: the median of <see cref="PairedRatios"/> (below 1: faster); null when the reference could not run.</summary>
    public double? Ratio => PairedRatios?.Median;

    /// <summary>
    /// Our fastest epoch over PyTorch's fastest: on a shared host whose neighbours come and go within a minute, the
    /// best epochs are the least disturbed estimate of what each loop costs.
    /// </summary>
    public double? BestRatio => PyTorch is { } p ? Ours.Min / p.SecondsPerEpoch.Min : null;
}

/// <summary>Everything `make bench` measured on one machine.</summary>
public sealed record BenchReport
{
    public required string Date { get; init; }
    public required string Host { get; init; }
    public required int Cores { get; init; }
    public required string Os { get; init; }
    public required string TorchSharp { get; init; }
    /// <summary>How libtorch's MKL chose its kernels in this run (MklDispatch): the matmul rates depend on it.</summary>
    public required string Blas { get; init; }
    public string Model { get; set; } = "";
    public string Cpu { get; init; } = CpuModel();
    public List<PyTorchComparison> VersusPyTorch { get; } = [];
    public string? PyTorchMissing { get; set; }
    public Dictionary<string, Spread> MatmulGflops { get; } = [];
    public List<TrainingResult> Training { get; } = [];
    public Dictionary<string, StepProfile.Phases> StepMilliseconds { get; } = [];
    public List<EagerResult> EagerDecoder { get; } = [];
    public JsonNode? Inference { get; set; }
    public JsonNode? Serve { get; set; }

    /// <summary>The soak of <c>vae serve</c> out of process (<see cref="ServeLoad.SoakResult"/> as JSON); null when skipped.</summary>
    public JsonNode? Soak { get; set; }
    public Dictionary<string, double> EndToEndSeconds { get; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The tables printed after a run and written beside the JSON.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# VaeOnnx benchmark — {Host}, {Date}");
        md.AppendLine();
        md.AppendLine(c, $"{Cores} cores ({Cpu}), {Os}, TorchSharp {TorchSharp}, {Blas}. Spread is min / median / max.");
        md.AppendLine();
        md.AppendLine("| vae-train vs the PyTorch reference loop, same run | threads | images/epoch | ours s/epoch | PyTorch s/epoch | ratio, paired epochs | ratio of best epochs | PyTorch matmul GFLOP/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in VersusPyTorch)
        {
            string theirs = r.PyTorch is { } p ? $"{p.SecondsPerEpoch.Min:F2} / {p.SecondsPerEpoch.Median:F2} / {p.SecondsPerEpoch.Max:F2}" : "—";
            string model = r.Precision == TrainingPrecision.Float32 ? r.Model : $"{r.Model}, `--precision {CliOptions.ChoiceName(r.Precision)}` (opt-in)";
            md.AppendLine(c, $"| {model} | {r.Threads} | {r.Images:N0} | {r.Ours.Min:F2} / {r.Ours.Median:F2} / {r.Ours.Max:F2} | {theirs} | {(r.PairedRatios is { } x ? string.Create(c, $"{x.Median:F2} ({x.Min:F2}–{x.Max:F2})") : "—")} | {(r.BestRatio is { } b ? b.ToString("F2", c) : "—")} | {(r.PyTorch is { } q ? q.MatmulGflops.ToString("F0", c) : "—")} |");
        }
        md.AppendLine();
        md.AppendLine("The measured epochs of the two loops alternate: the paired ratio is the median (min–max) over pairs of one of our epochs and the reference's epoch run right after it.");
        if (PyTorchMissing is not null)
        {
            md.AppendLine();
            md.AppendLine(c, $"PyTorch rows skipped: {PyTorchMissing}.");
        }
        md.AppendLine();
        md.AppendLine("| float32 matmul (torch.mm 2048²) | GFLOP/s |");
        md.AppendLine("|---|---|");
        foreach (var (threads, spread) in MatmulGflops)
        {
            md.AppendLine(c, $"| {threads} | {spread.Min:F0} / {spread.Median:F0} / {spread.Max:F0} |");
        }
        md.AppendLine();
        md.AppendLine(c, $"| training, batch {new TrainingSettings().BatchSize}, {Model} | s/epoch | images/s | GFLOP/epoch | share of matmul ceiling |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in Training)
        {
            md.AppendLine(c, $"| {t.Threads} thread(s) | {t.SecondsPerEpoch.Min:F2} / {t.SecondsPerEpoch.Median:F2} / {t.SecondsPerEpoch.Max:F2} | {t.ImagesPerSecond:N0} | {t.GflopPerEpoch:F0} | {t.FractionOfCeiling:P0} |");
        }
        md.AppendLine();
        md.AppendLine("| step breakdown (ms/step, all cores) | data | forward | loss | backward | optimizer | total |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, p) in StepMilliseconds)
        {
            md.AppendLine(c, $"| {name} | {p.Data:F3} | {p.Forward:F3} | {p.Loss:F3} | {p.Backward:F3} | {p.Optimizer:F3} | {p.Total:F3} |");
        }
        md.AppendLine();
        md.AppendLine("| TorchSharp eager decoder | p50 ms | p95 ms | images/s |");
        md.AppendLine("|---|---|---|---|");
        foreach (var e in EagerDecoder)
        {
            md.AppendLine(c, $"| batch {e.Batch} | {e.Milliseconds.Median:F4} | {e.Milliseconds.P95:F4} | {e.ImagesPerSecond:N0} |");
        }
        if (EndToEndSeconds.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| end to end (after build) | seconds |");
            md.AppendLine("|---|---|");
            foreach (var (stage, seconds) in EndToEndSeconds)
            {
                md.AppendLine(c, $"| {stage} | {seconds:F1} |");
            }
        }
        if (Inference?["results"] is JsonArray results)
        {
            md.AppendLine();
            md.AppendLine("| ONNX Runtime (`vae bench`), p50 µs | batch | bare `Run`, input written each call | library | library, caller buffers | library vs bare | bare `Run`, same input every call | bare `Run`, outputs copied into new arrays | library vs that |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var group in results.OfType<JsonObject>().GroupBy(r => ((string?)r["provider"], (string?)r["operation"], (int?)r["batch"])))
            {
                double? P50(string api) => (double?)group.FirstOrDefault(r => (string?)r["api"] == api)?["p50_us"];
                var (provider, operation, batch) = group.Key;
                double? bare = P50("bare"), library = P50("library"), newArrays = P50("bare-new-arrays");
                static string Ratio(double? value, double? floor) => floor is > 0 && value is { } v ? $"{(v / floor.Value) - 1:+0.0%;-0.0%}" : "—";
                md.AppendLine(c, $"| {operation} ({provider}) | {batch} | {bare:F1} | {library:F1} | {P50("library-prealloc"):F1} | {Ratio(library, bare)} | {P50("bare-same-input"):F1} | {newArrays:F1} | {Ratio(library, newArrays)} |");
            }
            if (Inference["passes"] is JsonArray passes)
            {
                foreach (var pass in passes.OfType<JsonObject>())
                {
                    md.AppendLine(c, $"\n{(int?)pass["images"]:N0}-image {(string?)pass["operation"]} pass: {(double?)pass["best_seconds"]:F3} s best ({(double?)pass["images_per_s"]:N0} images/s).");
                }
            }
        }
        if (Serve?["runs"] is JsonArray runs)
        {
            md.AppendLine();
            md.AppendLine(c, $"| HTTP `/v1/decode` (loopback, {(int?)Serve["clients"]} clients) | micro-batching | requests/s | codes/s | share of the library's rate | p50 ms | p99 ms |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var run in runs.OfType<JsonObject>().Where(r => (int?)r["round"] == runs.Max(x => (int?)x?["round"])))
            {
                string batching = (bool?)run["microBatching"] == true ? "on" : "off";
                double? library = (double?)run["libraryCodesPerSecond"];
                foreach (var (kind, label) in new[] { ("single", "1 code per request, JSON"), ("batched", "{0} codes per request, JSON"), ("batchedNpy", "{0} codes per request, .npy both ways") })
                {
                    if (run[kind] is not JsonObject m)
                    {
                        continue;
                    }
                    double? codes = (double?)m["codesPerSecond"];
                    // The library's rate was measured for the batches (same size, no HTTP); a single code is not comparable to it.
                    string share = kind != "single" && library is > 0 && codes is { } x ? (x / library.Value).ToString("P0", c) : "—";
                    md.AppendLine(c, $"| {string.Format(c, label, (int?)m["codesPerRequest"])} | {batching} | {(double?)m["requestsPerSecond"]:N0} | {codes:N0} | {share} | {(double?)m["p50Ms"]:F2} | {(double?)m["p99Ms"]:F2} |");
                }
                if (library is { } rate)
                {
                    md.AppendLine(c, $"| the library, no HTTP ({(int?)run["batched"]?["codesPerRequest"]} codes per call, {Cores} threads) | {batching} | | {rate:N0} | 100 % | | |");
                }
            }
        }
        if (Soak is JsonObject soak)
        {
            md.AppendLine();
            md.Append(SoakMarkdown(soak));
        }
        return md.ToString();
    }

    /// <summary>
    /// The soak's verdict, totals, resident memory and one row per kind of request (also printed by <c>vae-bench soak</c>).
    /// </summary>
    internal static string SoakMarkdown(JsonObject soak)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        bool passed = (bool?)soak["passed"] == true;
        if (soak["error"] is { } error)
        {
            md.AppendLine(c, $"**Soak FAILED**: it could not run: {(string?)error}");
            return md.ToString();
        }
        md.AppendLine(c, $"HTTP soak: `vae serve` out of process ({(string?)soak["model"]}, {(string?)soak["provider"]}), {(int?)soak["clients"]} loopback clients for {(double?)soak["plannedSeconds"]:0} s after a {(double?)soak["warmupSeconds"]:0} s warm-up, {(double?)soak["malformedShare"]:P0} of requests malformed; {(int?)soak["cores"]} cores shared by clients and server, load average {(double?)soak["loadAverage"]:F2} at the end.");
        md.AppendLine();
        if (passed)
        {
            md.AppendLine(c, $"**Soak passed**: no answer 5xx, every malformed request answered 4xx problem+json, resident memory at the end {(double?)soak["rssRatio"]:F3}× the warm-up's (limit {1 + ((double?)soak["rssTolerance"] ?? 0):F2}×), server exited 0 on SIGTERM.");
        }
        else
        {
            md.AppendLine("**Soak FAILED**:");
            foreach (var failure in soak["failures"]?.AsArray() ?? [])
            {
                md.AppendLine(c, $"- {(string?)failure}");
            }
        }
        md.AppendLine();
        md.AppendLine("| soak | requests | requests/s | malformed | 5xx | malformed not 4xx problem+json | well-formed not 2xx/304 | no answer | RSS MiB: start / after warm-up / max / end | end / warm-up | server threads |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        md.AppendLine(c, $"| warm-up | {(long?)soak["warmupRequests"]:N0} | | | {(long?)soak["warmupServerErrors"]} | {(long?)soak["warmupMalformedNot4xx"]} | {(long?)soak["warmupWellFormedNotOk"]} | | {(double?)soak["rssStartMiB"]:F1} / {(double?)soak["rssWarmupMiB"]:F1} | | {(long?)soak["threadsWarmup"]} |");
        md.AppendLine(c, $"| run, {(double?)soak["seconds"]:F1} s | {(long?)soak["requests"]:N0} | {(double?)soak["requestsPerSecond"]:N0} | {(long?)soak["malformedRequests"]:N0} | {(long?)soak["serverErrors"]} | {(long?)soak["malformedNot4xx"]} | {(long?)soak["wellFormedNotOk"]} | {(long?)soak["connectionErrors"]} | {(double?)soak["rssWarmupMiB"]:F1} / {(double?)soak["rssMaxMiB"]:F1} / {(double?)soak["rssEndMiB"]:F1} | {(double?)soak["rssRatio"]:F3} | {(long?)soak["threadsEnd"]} |");
        md.AppendLine();
        md.AppendLine("| request kind (run) | endpoint | expects | requests | answers by status | p50 ms | p99 ms | mismatched |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var kind in (soak["kinds"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            bool malformed = (bool?)kind["malformed"] == true;
            string expects = malformed ? $"4xx ({(int?)kind["expectedStatus"]})" : "2xx/304";
            var statuses = (kind["statuses"] as JsonObject ?? []).Select(s => string.Create(c, $"{s.Key}: {(long?)s.Value:N0}"));
            long errors = (long?)kind["connectionErrors"] ?? 0;
            long notProblem = (long?)kind["notProblemJson"] ?? 0;
            if (notProblem > 0)
            {
                statuses = statuses.Append(string.Create(c, $"4xx not problem+json: {notProblem:N0}"));
            }
            string answers = string.Join(", ", errors > 0 ? statuses.Append(string.Create(c, $"no answer: {errors:N0}")) : statuses);
            md.AppendLine(c, $"| {(string?)kind["name"]} | `{(string?)kind["endpoint"]}` | {expects} | {(long?)kind["requests"]:N0} | {answers} | {(double?)kind["p50Ms"]:F2} | {(double?)kind["p99Ms"]:F2} | {(long?)kind["mismatches"]} |");
        }
        foreach (var kind in (soak["kinds"]?.AsArray() ?? []).OfType<JsonObject>().Where(k => k["firstConnectionError"] is not null))
        {
            md.AppendLine();
            md.AppendLine(c, $"{(string?)kind["name"]}, first request without an answer: {(string?)kind["firstConnectionError"]}");
        }
        return md.ToString();
    }

    /// <summary>The CPU's model name as the kernel reports it (machines of this kind differ by up to 2×).</summary>
    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
