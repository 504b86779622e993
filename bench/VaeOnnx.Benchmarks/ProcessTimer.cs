using System.Diagnostics;

namespace VaeOnnx.Benchmarks;

/// <summary>Runs one of the product's programs as a user would and times it (wall clock, start to exit).</summary>
internal static class ProcessTimer
{
    public static double Run(string program, IEnumerable<string> arguments)
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
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', start.ArgumentList.Skip(1))} exited with {process.ExitCode}: {stderr.Result.Trim()}{stdout.Result[^Math.Min(400, stdout.Result.Length)..]}");
        }
        return seconds;
    }
}
