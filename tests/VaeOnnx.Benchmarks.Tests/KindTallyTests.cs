using VaeOnnx.Benchmarks.ServeLoad;

namespace VaeOnnx.Benchmarks.Tests;

/// <summary>How the soak classifies one answer (<see cref="KindTally"/>).</summary>
public sealed class KindTallyTests
{
    private const string Problem = "application/problem+json";

    [Theory]
    [InlineData(422, Problem, true)]
    [InlineData(404, Problem, true)]
    [InlineData(422, "application/json", false)]
    [InlineData(400, null, false)]
    [InlineData(200, "application/json", false)]
    [InlineData(500, Problem, false)]
    public void KindTally_MalformedRequest_MustBe4xxProblemJson(int status, string? mediaType, bool expected)
    {
        var tally = new KindTally();
        Assert.Equal(expected, tally.Answer(status, 1.0, malformed: true, mediaType));
        Assert.Equal(expected ? 0 : 1, tally.Mismatches);
        Assert.Equal(status is >= 400 and < 500 && mediaType != Problem ? 1 : 0, tally.NotProblemJson);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(304, true)]
    [InlineData(422, false)]
    [InlineData(503, false)]
    public void KindTally_WellFormedRequest_MustBe2xxOr304(int status, bool expected)
    {
        var tally = new KindTally();
        Assert.Equal(expected, tally.Answer(status, 1.0, malformed: false, "application/json"));
        Assert.Equal(status >= 500 ? 1 : 0, tally.ServerErrors);
    }

    [Fact]
    public void KindTally_ConnectionErrorAndAdd_CountEverythingOnceAndKeepTheFirstError()
    {
        var first = new KindTally();
        first.Answer(200, 2.0, malformed: false, "application/json");
        first.ConnectionError(new HttpRequestException("reset"));
        var second = new KindTally();
        second.Answer(500, 3.0, malformed: false, Problem);
        second.ConnectionError(new IOException("broken pipe"));

        first.Add(second);

        Assert.Equal((4, 2, 1, 3), (first.Requests, first.ConnectionErrors, first.ServerErrors, first.Mismatches));
        Assert.Equal([2.0, 3.0], first.LatenciesMs);
        Assert.Equal("HttpRequestException: reset", first.FirstConnectionError);
    }
}
