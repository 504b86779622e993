using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaeOnnx.CommandLine;
using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// The soak as <c>vae-bench</c> runs it: inside the whole benchmark (its JSON under <c>soak</c> in the report) or alone
/// as <c>vae-bench soak</c>. Both call <see cref="Soak.RunAsync"/>; a failed criterion never loses the numbers: the
/// report is written first, and the exit code says 1.
/// </summary>
internal static class SoakRun
{
    /// <summary>
    /// Runs the soak for the bench report. A soak that cannot run (the server does not start or answer) becomes a failed
    /// entry naming why, so that the minutes of figures measured before it are still written.
    /// </summary>
    public static JsonNode Measure(SoakOptions options, TextWriter progress)
    {
        try
        {
            return Soak.RunAsync(options, progress).GetAwaiter().GetResult().ToJsonNode();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or HttpRequestException or IOException or JsonException
            or KeyNotFoundException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // The program's own wording (an argument's message without its parameter suffix), except that a request
            // timing out is not the user interrupting the bench.
            string message = e is OperationCanceledException ? ErrorPolicy.OneLine(e.Message) : ErrorPolicy.Describe(e).Message;
            progress.WriteLine($"soak: could not run: {message}");
            return new JsonObject { ["passed"] = false, ["error"] = message, ["failures"] = new JsonArray(message) };
        }
    }

    /// <summary>Whether the report's soak entry (null when skipped) failed a criterion or could not run.</summary>
    public static bool Failed(JsonNode? soak) => soak is not null && (bool?)soak["passed"] != true;

    /// <summary>
    /// <c>vae-bench soak</c>: runs the soak alone, writes <c>&lt;date&gt;-&lt;host&gt;-soak.json</c> and <c>.md</c> into
    /// <paramref name="outFolder"/>, prints the table; exit 0 when every criterion passed, 1 otherwise.
    /// </summary>
    public static int Execute(SoakOptions options, string outFolder, TextWriter output)
    {
        AtomicFile.ProbeFolder(outFolder, "--out");
        var result = Soak.RunAsync(options, Console.Error).GetAwaiter().GetResult();
        var json = result.ToJsonNode().AsObject();
        string stem = Path.Combine(outFolder, string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd}-{Environment.MachineName}-soak"));
        AtomicFile.WriteAllText(stem + ".json", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        string markdown = BenchReport.SoakMarkdown(json);
        AtomicFile.WriteAllText(stem + ".md", markdown);
        output.WriteLine(markdown);
        output.WriteLine($"wrote {stem}.json and {stem}.md");
        return result.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
