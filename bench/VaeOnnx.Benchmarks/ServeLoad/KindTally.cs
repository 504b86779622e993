namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// What one client saw of one kind of request during one phase. Each client keeps its own (no locks on the hot path);
/// the phase merges them at the end.
/// </summary>
internal sealed class KindTally
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Answers by status code.</summary>
    public Dictionary<int, long> Statuses { get; } = [];

    /// <summary>Requests that got no answer: refused or reset connections, timeouts.</summary>
    public long ConnectionErrors { get; private set; }

    /// <summary>
    /// Answers that were not what is required (a 5xx, a malformed request not answered 4xx with a problem+json body, a
    /// well-formed one not 2xx/304), connection errors included.
    /// </summary>
    public long Mismatches { get; private set; }

    /// <summary>What the first request without an answer failed with (exception type and message), for the report; null when none failed.</summary>
    public string? FirstConnectionError { get; private set; }

    /// <summary>Latency of every answered request, milliseconds (headers and the whole body read).</summary>
    public List<double> LatenciesMs { get; } = [];

    /// <summary>Malformed requests answered 4xx, but not as <c>application/problem+json</c> (counted in <see cref="Mismatches"/> too).</summary>
    public long NotProblemJson { get; private set; }

    /// <summary>Requests sent.</summary>
    public long Requests => Statuses.Values.Sum() + ConnectionErrors;

    /// <summary>Answers 500 and above.</summary>
    public long ServerErrors => Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    /// <summary>
    /// Counts an answer with its media type (null without a body); returns whether it was what is required: a malformed
    /// request refused as the API documents every refusal (4xx, RFC 7807 problem+json), a well-formed one 2xx or 304.
    /// </summary>
    public bool Answer(int status, double milliseconds, bool malformed, string? mediaType)
    {
        Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        LatenciesMs.Add(milliseconds);
        bool refused = status is >= 400 and < 500;
        bool problem = string.Equals(mediaType, ProblemJson, StringComparison.OrdinalIgnoreCase);
        if (malformed && refused && !problem)
        {
            NotProblemJson++;
        }
        bool ok = malformed ? refused && problem : status is (>= 200 and < 300) or 304;
        if (!ok)
        {
            Mismatches++;
        }
        return ok;
    }

    /// <summary>Counts a request that got no answer (a mismatch whatever its class).</summary>
    public void ConnectionError(Exception error)
    {
        FirstConnectionError ??= $"{error.GetType().Name}: {error.Message}" + (error.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "");
        ConnectionErrors++;
        Mismatches++;
    }

    /// <summary>Adds <paramref name="other"/>'s counts and latencies to these.</summary>
    public void Add(KindTally other)
    {
        foreach (var (status, count) in other.Statuses)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + count;
        }
        ConnectionErrors += other.ConnectionErrors;
        FirstConnectionError ??= other.FirstConnectionError;
        Mismatches += other.Mismatches;
        NotProblemJson += other.NotProblemJson;
        LatenciesMs.AddRange(other.LatenciesMs);
    }
}
