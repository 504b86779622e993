using System.Text.Json.Nodes;
using VaeOnnx.Benchmarks.ServeLoad;

namespace VaeOnnx.Benchmarks.Tests;

/// <summary>The soak's verdict (<see cref="SoakResult"/>): each criterion alone turns it FAILED, in the JSON and the markdown.</summary>
public sealed class SoakResultTests
{
    private static SoakKindResult Kind(string name, bool malformed, long requests, long serverErrors = 0, long mismatches = 0) => new()
    {
        Name = name,
        Endpoint = "POST /v1/decode",
        Malformed = malformed,
        ExpectedStatus = malformed ? 422 : null,
        Requests = requests,
        Statuses = new Dictionary<string, long> { [malformed ? "422" : "200"] = requests - serverErrors, ["500"] = serverErrors }
            .Where(s => s.Value > 0).ToDictionary(),
        ConnectionErrors = 0,
        ServerErrors = serverErrors,
        Mismatches = mismatches,
        P50Ms = 1.5,
        P99Ms = 9.5,
        MaxMs = 12,
    };

    /// <summary>A run that meets every criterion; each test breaks one.</summary>
    private static SoakResult Passing() => new()
    {
        Model = "mlp-16, 1x28x28 → z 2",
        Provider = "CPU",
        Server = "--models m --quiet",
        Clients = 32,
        WarmupSeconds = 10,
        PlannedSeconds = 60,
        Seconds = 60.1,
        MalformedShare = 0.05,
        Requests = 1000,
        RequestsPerSecond = 16.6,
        MalformedRequests = 50,
        ServerErrors = 0,
        MalformedNot4xx = 0,
        WellFormedNotOk = 0,
        ConnectionErrors = 0,
        WarmupRequests = 100,
        WarmupServerErrors = 0,
        WarmupMalformedNot4xx = 0,
        WarmupWellFormedNotOk = 0,
        RssStartMiB = 150,
        RssWarmupMiB = 200,
        RssMaxMiB = 210,
        RssEndMiB = 210,
        RssSamplesMiB = [205, 210],
        RssTolerance = 0.10,
        ServerExitCode = 0,
        Kinds = [Kind("decode-json", malformed: false, 950), Kind("nan-code", malformed: true, 50)],
    };

    [Fact]
    public void SoakResult_EveryCriterionMet_PassesWithNoFailures()
    {
        var result = Passing();
        Assert.True(result.Passed);
        Assert.Empty(result.Failures);
        Assert.Equal(1.05, result.RssRatio);
        Assert.False(SoakRun.Failed(result.ToJsonNode()));
        Assert.Contains("**Soak passed**", BenchReport.SoakMarkdown(result.ToJsonNode().AsObject()), StringComparison.Ordinal);
    }

    [Fact]
    public void SoakResult_OneServerError_FailsNamingTheKind()
    {
        var result = Passing() with
        {
            ServerErrors = 1,
            WellFormedNotOk = 1,
            Kinds = [Kind("decode-json", malformed: false, 950, serverErrors: 1, mismatches: 1), Kind("nan-code", malformed: true, 50)],
        };
        AssertFailed(result, "1 answers 5xx (0 in the warm-up): decode-json 1×");
    }

    [Fact]
    public void SoakResult_ServerErrorInTheWarmupOnly_Fails()
    {
        AssertFailed(Passing() with { WarmupServerErrors = 2 }, "2 answers 5xx (2 in the warm-up): in the warm-up only");
    }

    [Fact]
    public void SoakResult_MalformedRequestNotAnswered4xx_FailsNamingTheKind()
    {
        var result = Passing() with
        {
            MalformedNot4xx = 3,
            Kinds = [Kind("decode-json", malformed: false, 950), Kind("nan-code", malformed: true, 50, mismatches: 3)],
        };
        AssertFailed(result, "3 malformed requests not answered 4xx problem+json (0 in the warm-up): nan-code 3×");
    }

    [Fact]
    public void SoakResult_ResidentMemoryOverTheLimit_FailsWithBothFigures()
    {
        // 221 / 200 = 1.105 > 1.10.
        AssertFailed(Passing() with { RssEndMiB = 221, RssMaxMiB = 221 },
            "resident memory grew from 200.0 MiB after the warm-up to 221.0 MiB at the end (1.105×, limit 1.10×)");
    }

    [Fact]
    public void SoakResult_ResidentMemoryAtTheLimitOrFalling_Passes()
    {
        Assert.True((Passing() with { RssEndMiB = 220 }).Passed);
        Assert.True((Passing() with { RssEndMiB = 120 }).Passed);
    }

    [Fact]
    public void SoakResult_ResidentMemoryUnreadable_Fails()
    {
        AssertFailed(Passing() with { RssEndMiB = 0 }, "the server's resident memory could not be read (the process was gone)");
    }

    [Theory]
    [InlineData(143, "the server exited with 143 on SIGTERM")]
    [InlineData(null, "the server did not exit on SIGTERM and was killed")]
    public void SoakResult_ServerNotExiting0OnSigterm_Fails(int? exitCode, string expected)
    {
        AssertFailed(Passing() with { ServerExitCode = exitCode }, expected);
    }

    [Fact]
    public void SoakRun_SoakThatCouldNotRun_CountsAsFailedAndSaysWhy()
    {
        var entry = new JsonObject { ["passed"] = false, ["error"] = "vae serve exited with 2", ["failures"] = new JsonArray("vae serve exited with 2") };
        Assert.True(SoakRun.Failed(entry));
        Assert.False(SoakRun.Failed(null));
        Assert.Equal("**Soak FAILED**: it could not run: vae serve exited with 2\n", BenchReport.SoakMarkdown(entry).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void BenchReport_WithSoak_HasItUnderSoakInTheJsonAndInTheMarkdown()
    {
        var report = new BenchReport { Date = "2026-12-02", Host = "test", Cores = 2, Os = "Linux", TorchSharp = "0", Blas = "MKL", Soak = Passing().ToJsonNode() };

        var json = JsonNode.Parse(report.ToJson())!;
        string markdown = report.ToMarkdown();

        Assert.True((bool?)json["soak"]?["passed"]);
        Assert.Equal(1000, (long?)json["soak"]?["requests"]);
        Assert.Equal("decode-json", (string?)json["soak"]?["kinds"]?[0]?["name"]);
        Assert.Contains("**Soak passed**", markdown, StringComparison.Ordinal);
        Assert.Contains("| decode-json | `POST /v1/decode` | 2xx/304 | 950 | 200: 950 | 1.50 | 9.50 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| nan-code | `POST /v1/decode` | 4xx (422) | 50 | 422: 50 |", markdown, StringComparison.Ordinal);
    }

    /// <summary>Failed with exactly <paramref name="failure"/>, in the result, its JSON and the markdown.</summary>
    private static void AssertFailed(SoakResult result, string failure)
    {
        Assert.False(result.Passed);
        Assert.Equal([failure], result.Failures);
        var json = result.ToJsonNode();
        Assert.False((bool?)json["passed"]);
        Assert.True(SoakRun.Failed(json));
        Assert.Equal(failure, (string?)json["failures"]?[0]);
        string markdown = BenchReport.SoakMarkdown(json.AsObject());
        Assert.Contains("**Soak FAILED**:", markdown, StringComparison.Ordinal);
        Assert.Contains("- " + failure, markdown, StringComparison.Ordinal);
    }
}
