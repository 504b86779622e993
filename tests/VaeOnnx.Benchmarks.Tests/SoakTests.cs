using Xunit.Abstractions;
using VaeOnnx.Benchmarks.ServeLoad;
using VaeOnnx.Benchmarks.Tests.Support;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.Tests;

/// <summary>
/// A short soak of the built <c>vae.dll serve</c>, out of process as <c>make bench</c> runs it, against the tiny model:
/// a few seconds and clients, with more malformed requests than the default so every refusal is exercised, and a loose
/// memory limit (a run this short ends before the memory levels off).
/// </summary>
public sealed class SoakTests(TinyModelFixture fixture, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task Soak_ShortRunAgainstTinyModel_PassesWithNo5xxAndEveryMalformedAnswered4xx()
    {
        Assert.True(File.Exists(RepositoryPaths.VaeDll), $"{RepositoryPaths.VaeDll} is missing: build the solution first");
        var options = new SoakOptions
        {
            VaeDll = RepositoryPaths.VaeDll,
            ModelDirectory = fixture.ModelDirectory,
            DataDirectory = RepositoryPaths.Mnist,
            Device = ExecutionDevice.Cpu,
            Clients = 4,
            Warmup = TimeSpan.FromSeconds(2),
            Duration = TimeSpan.FromSeconds(4),
            MalformedShare = 0.3,
            // A few seconds are before the server's heap levels off (it climbs for ~30 s of load; see
            // SoakOptions.DefaultWarmupSeconds): 1.09× and 1.12× were seen here. The 10 % limit is checked by the
            // verdict's own tests and by the 60 s soak of make bench; here memory must only be read and not double.
            RssTolerance = 1.0,
        };
        using var progress = new StringWriter();

        var result = await Soak.RunAsync(options, progress);

        string log = progress.ToString();
        output.WriteLine(log);
        Assert.True(result.Passed, string.Join("\n", result.Failures) + "\n" + log);
        Assert.Equal((0, 0, 0, 0), (result.ServerErrors, result.WarmupServerErrors, result.MalformedNot4xx, result.WellFormedNotOk));
        Assert.Equal(0, result.ConnectionErrors);
        Assert.Equal(0, result.ServerExitCode);
        Assert.True(result.MalformedRequests > 0, log);
        Assert.True(result.RssWarmupMiB > 0 && result.RssEndMiB > 0);
        // Every endpoint of the API is in the mix, well-formed and malformed.
        foreach (string endpoint in new[] { "/v1/encode", "/v1/decode", "/v1/generate", "/v1/interpolate", "/v1/model", "/v1/latents", "/healthz", "/metrics" })
        {
            Assert.Contains(result.Kinds, k => k.Endpoint.Contains(endpoint, StringComparison.Ordinal));
        }
        Assert.Contains(result.Kinds, k => k.Name.StartsWith("decode-npy", StringComparison.Ordinal));
        Assert.Contains(result.Kinds, k => k.Name.StartsWith("encode-npy", StringComparison.Ordinal));
        // A malformed request gets the status the API documents for it, not merely some 4xx.
        Assert.All(result.Kinds.Where(k => k.Malformed && k.Requests > 0), k =>
            Assert.Equal([k.ExpectedStatus!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], k.Statuses.Keys));
        Assert.All(result.Kinds.Where(k => !k.Malformed && k.Requests > 0), k => Assert.True(k.P50Ms > 0 && k.P99Ms >= k.P50Ms, k.Name));
        Assert.Contains("soak: passed", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_MissingVaeDll_ThrowsArgumentExceptionNamingIt()
    {
        var options = new SoakOptions { VaeDll = Path.Combine(fixture.NewFolder("none"), "vae.dll"), ModelDirectory = fixture.ModelDirectory };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Soak.RunAsync(options, TextWriter.Null));
        Assert.Equal(nameof(SoakOptions.VaeDll), error.ParamName);
    }

    [Fact]
    public void SoakRun_SoakThatCannotStartInTheBench_IsAFailedEntryNotACrash()
    {
        string vae = Path.Combine(fixture.NewFolder("gone"), "vae.dll");
        using var progress = new StringWriter();

        var entry = SoakRun.Measure(new SoakOptions { VaeDll = vae, ModelDirectory = fixture.ModelDirectory }, progress);

        Assert.True(SoakRun.Failed(entry));
        Assert.Equal($"{vae}: vae.dll not found (build the solution first)", (string?)entry["error"]);
        Assert.Contains("soak: could not run: ", progress.ToString(), StringComparison.Ordinal);
    }
}
