using System.Diagnostics;

namespace VaeOnnx.Examples.Tests.Support;

/// <summary>What a child process printed and returned.</summary>
internal sealed record ChildResult(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>Fails the test unless the process exited 0, showing the command and everything it printed.</summary>
    public ChildResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"`{Command}` exited {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}");
        return this;
    }
}

/// <summary>Runs the tools the samples are built and run with (make, dotnet, npm, node) as a user would, and waits.</summary>
internal static class ChildProcess
{
    /// <summary>Only against a hung tool: far above anything a healthy run takes, it is not a measure of speed.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(15);

    public static ChildResult Run(string program, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet test` the host inherits the MSBuild variables of the SDK that launched it; a build started
        // from here must find its own, like one started from a shell.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        string command = $"{program} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Hung))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {Hung.TotalMinutes} minutes");
        }
        return new ChildResult(command, process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The full path of <paramref name="program"/> on PATH; null when it is not there.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
