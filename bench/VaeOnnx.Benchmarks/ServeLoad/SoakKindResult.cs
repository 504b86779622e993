namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>One kind of request over the measured run of a soak; latency percentiles as numpy's default (linear).</summary>
public sealed record SoakKindResult
{
    /// <summary>Short name, e.g. <c>decode-npy-8</c> or <c>bad-json</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Method and path.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Whether it is malformed on purpose (must be answered 4xx; otherwise 2xx or 304).</summary>
    public required bool Malformed { get; init; }

    /// <summary>The status the API documents for this malformed request (any 4xx passes); null for a well-formed one.</summary>
    public int? ExpectedStatus { get; init; }

    /// <summary>Requests sent.</summary>
    public required long Requests { get; init; }

    /// <summary>Answers by status code (as text, for JSON).</summary>
    public required IReadOnlyDictionary<string, long> Statuses { get; init; }

    /// <summary>Requests that got no answer.</summary>
    public required long ConnectionErrors { get; init; }

    /// <summary>What the first of them failed with (exception type and message); null when every request was answered.</summary>
    public string? FirstConnectionError { get; init; }

    /// <summary>Answers 500 and above.</summary>
    public required long ServerErrors { get; init; }

    /// <summary>Requests whose outcome was not the class required (connection errors included).</summary>
    public required long Mismatches { get; init; }

    /// <summary>Malformed requests answered 4xx but not as <c>application/problem+json</c> (in <see cref="Mismatches"/> too).</summary>
    public long NotProblemJson { get; init; }

    /// <summary>Median latency, milliseconds (0 without answers).</summary>
    public required double P50Ms { get; init; }

    /// <summary>99th percentile latency, milliseconds.</summary>
    public required double P99Ms { get; init; }

    /// <summary>Slowest answer, milliseconds.</summary>
    public required double MaxMs { get; init; }
}
