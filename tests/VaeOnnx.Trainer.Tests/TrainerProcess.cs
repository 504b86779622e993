using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace VaeOnnx.Trainer.Tests;

/// <summary>
/// vae-train as a child process, for the tests that need real signals. It starts through <c>env --default-signal</c>:
/// a child of a non-interactive shell's background job inherits SIGINT as ignored, and .NET then never installs its
/// handler, so Ctrl+C could not reach the trainer however the test sends it.
/// </summary>
internal sealed partial class TrainerProcess : IDisposable
{
    /// <summary>SIGINT, as Ctrl+C sends it.</summary>
    public const int SigInt = 2;

    /// <summary>SIGTERM, as a service manager sends it.</summary>
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private TrainerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The trainer built beside the tests (same configuration).</summary>
    public static string Program { get; } = Path.Combine(RepositoryPaths.Root, "trainer", "VaeOnnx.Trainer", "bin",
        typeof(TrainerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration, "net10.0", "linux-x64", "vae-train.dll");

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static TrainerProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])["--default-signal=INT,TERM", "dotnet", Program, "--data", RepositoryPaths.Mnist, "--threads", "1", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        return new TrainerProcess(Process.Start(start)!);
    }

    /// <summary>Sends <paramref name="signal"/> to the trainer (env execs dotnet, so the child's pid is the trainer's).</summary>
    public void Signal(int signal)
    {
        if (Kill(Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, {signal}) failed");
        }
    }

    // libc's kill: two signals microseconds apart (a second Ctrl+C), which a `kill` child process cannot do.
    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>Waits (at most two minutes: a loaded machine is slow, a hung trainer is a failure) for the exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vae-train did not exit; output:\n{Output}\n{Error}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (or the trainer exits, which fails the test).</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new InvalidOperationException($"vae-train {(_process.HasExited ? "exited" : "timed out")} before {what}; output:\n{Output}\n{Error}");
            }
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }
}
