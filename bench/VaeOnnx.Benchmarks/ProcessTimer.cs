using System.Diagnostics;

namespace VaeOnnx.Benchmarks;

/// <summary>Runs one of the product's programs as a user would and times it (wall clock, start to exit).</summary>
internal static class ProcessTimer
{
    /// <summary>Runs <paramref name="program"/> to the end; its output lines go to <paramref name="onLine"/> as they come, when given.</summary>
    public static double Run(string program, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        var stdout = onLine is null ? process.StandardOutput.ReadToEndAsync() : Forward(process.StandardOutput, onLine);
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        // The pipes are read on the thread pool: wait for their ends too, or the child's last lines could reach
        // onLine after Run returned (interleaved with whatever the caller prints next, or lost).
        Task.WaitAll(stdout, stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}: {stderr.Result.Trim()}{stdout.Result[^Math.Min(400, stdout.Result.Length)..]}");
        }
        return seconds;
    }

    private static async Task<string> Forward(StreamReader reader, Action<string> onLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
            all.AppendLine(line);
        }
        return all.ToString();
    }
}
