using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// A soak's numbers and its verdict. The three criteria: no answer 5xx, every malformed request answered 4xx
/// (RFC 7807 problem+json, as the API documents every refusal),
/// resident memory at the end of the run within <see cref="RssTolerance"/> above the end of the warm-up; and the
/// server must exit 0 on SIGTERM afterwards. The first two cover the warm-up too (a 5xx is a bug whenever it comes).
/// </summary>
public sealed record SoakResult
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What was served: the model's description and the execution provider.</summary>
    public required string Model { get; init; }

    /// <summary>ONNX Runtime execution provider of the server.</summary>
    public required string Provider { get; init; }

    /// <summary>The server's command line after <c>vae.dll</c>.</summary>
    public required string Server { get; init; }

    /// <summary>Concurrent clients.</summary>
    public required int Clients { get; init; }

    /// <summary>Warm-up length asked for, seconds.</summary>
    public required double WarmupSeconds { get; init; }

    /// <summary>Measured run length asked for, seconds.</summary>
    public required double PlannedSeconds { get; init; }

    /// <summary>Measured run length including the requests in flight at its end, seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Share of requests chosen malformed.</summary>
    public required double MalformedShare { get; init; }

    /// <summary>Cores of the machine, shared by clients and server.</summary>
    public int Cores { get; init; } = Environment.ProcessorCount;

    /// <summary>1-minute load average when the run ended (other work on the machine), or null off Linux.</summary>
    public double? LoadAverage { get; init; }

    /// <summary>Requests of the measured run.</summary>
    public required long Requests { get; init; }

    /// <summary><see cref="Requests"/> per second.</summary>
    public required double RequestsPerSecond { get; init; }

    /// <summary>Malformed requests of the measured run.</summary>
    public required long MalformedRequests { get; init; }

    /// <summary>Answers 5xx in the measured run.</summary>
    public required long ServerErrors { get; init; }

    /// <summary>Malformed requests of the measured run not answered 4xx with a problem+json body (connection errors included).</summary>
    public required long MalformedNot4xx { get; init; }

    /// <summary>Well-formed requests of the measured run not answered 2xx or 304 (connection errors included).</summary>
    public required long WellFormedNotOk { get; init; }

    /// <summary>Requests of the measured run that got no answer.</summary>
    public required long ConnectionErrors { get; init; }

    /// <summary>Requests of the warm-up.</summary>
    public required long WarmupRequests { get; init; }

    /// <summary>Answers 5xx in the warm-up.</summary>
    public required long WarmupServerErrors { get; init; }

    /// <summary>Malformed requests of the warm-up not answered 4xx with a problem+json body.</summary>
    public required long WarmupMalformedNot4xx { get; init; }

    /// <summary>Well-formed requests of the warm-up not answered 2xx or 304.</summary>
    public required long WarmupWellFormedNotOk { get; init; }

    /// <summary>Server's resident memory once it answered its first requests, MiB.</summary>
    public required double RssStartMiB { get; init; }

    /// <summary>At the end of the warm-up (its requests all answered), MiB: the baseline.</summary>
    public required double RssWarmupMiB { get; init; }

    /// <summary>Highest of the per-second samples, MiB.</summary>
    public required double RssMaxMiB { get; init; }

    /// <summary>At the end of the measured run (its requests all answered), MiB.</summary>
    public required double RssEndMiB { get; init; }

    /// <summary>The per-second samples of the measured run, MiB.</summary>
    public required IReadOnlyList<double> RssSamplesMiB { get; init; }

    /// <summary>Largest growth allowed, as a share of <see cref="RssWarmupMiB"/>.</summary>
    public required double RssTolerance { get; init; }

    /// <summary>The server's threads at the end of the warm-up (a thread pool still growing to the load grows the resident memory too).</summary>
    public long ThreadsWarmup { get; init; }

    /// <summary>The server's threads at the end of the measured run.</summary>
    public long ThreadsEnd { get; init; }

    /// <summary>The server's exit code after SIGTERM; null when it had to be killed.</summary>
    public required int? ServerExitCode { get; init; }

    /// <summary>Every kind of request over the measured run.</summary>
    public required IReadOnlyList<SoakKindResult> Kinds { get; init; }

    /// <summary><see cref="RssEndMiB"/> over <see cref="RssWarmupMiB"/>.</summary>
    public double RssRatio => RssWarmupMiB > 0 ? Math.Round(RssEndMiB / RssWarmupMiB, 4) : 0;

    /// <summary>No answer 5xx, warm-up included.</summary>
    public bool NoServerErrors => ServerErrors + WarmupServerErrors == 0;

    /// <summary>Every malformed request answered 4xx with a problem+json body, warm-up included.</summary>
    public bool MalformedAll4xx => MalformedNot4xx + WarmupMalformedNot4xx == 0;

    /// <summary>
    /// Resident memory at the end at most <see cref="RssTolerance"/> above the warm-up's. Only growth fails: memory
    /// given back after the warm-up is not a leak.
    /// </summary>
    public bool RssWithinTolerance => RssWarmupMiB > 0 && RssEndMiB > 0 && RssRatio <= 1 + RssTolerance;

    /// <summary>The server exited 0 on SIGTERM.</summary>
    public bool ServerExitedCleanly => ServerExitCode == 0;

    /// <summary>All four checks passed.</summary>
    public bool Passed => NoServerErrors && MalformedAll4xx && RssWithinTolerance && ServerExitedCleanly;

    /// <summary>One line per failed check, saying what was seen.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var failures = new List<string>();
            if (!NoServerErrors)
            {
                failures.Add(string.Create(c, $"{ServerErrors + WarmupServerErrors} answers 5xx ({WarmupServerErrors} in the warm-up): {Worst(k => k.ServerErrors)}"));
            }
            if (!MalformedAll4xx)
            {
                failures.Add(string.Create(c, $"{MalformedNot4xx + WarmupMalformedNot4xx} malformed requests not answered 4xx problem+json ({WarmupMalformedNot4xx} in the warm-up): {Worst(k => k.Malformed ? k.Mismatches : 0)}"));
            }
            if (RssWarmupMiB <= 0 || RssEndMiB <= 0)
            {
                failures.Add("the server's resident memory could not be read (the process was gone)");
            }
            else if (!RssWithinTolerance)
            {
                failures.Add(string.Create(c, $"resident memory grew from {RssWarmupMiB:F1} MiB after the warm-up to {RssEndMiB:F1} MiB at the end ({RssRatio:F3}×, limit {1 + RssTolerance:F2}×)"));
            }
            if (!ServerExitedCleanly)
            {
                failures.Add(ServerExitCode is { } code ? string.Create(c, $"the server exited with {code} on SIGTERM") : "the server did not exit on SIGTERM and was killed");
            }
            return failures;
        }
    }

    /// <summary>The result as JSON (camelCase, like the bench report).</summary>
    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, JsonOptions)!;

    private string Worst(Func<SoakKindResult, long> count) =>
        string.Join(", ", Kinds.Where(k => count(k) > 0).OrderByDescending(count).Take(5)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Name} {count(k)}×"))) is { Length: > 0 } text ? text : "in the warm-up only";
}
