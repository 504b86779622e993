using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// <c>dotnet vae.dll serve</c> in a process of its own, so that its resident memory is the server's alone (an
/// in-process server would share the heap with the clients). It listens on 127.0.0.1 port 0 and the bound address is
/// read from its startup line. It is stopped with SIGTERM, as a service manager would, sent to its id only.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
    }

    /// <summary>The server's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote (stdout and stderr), for error messages.</summary>
    public string LastLines => string.Join(" | ", _lastLines);

    /// <summary>Starts <c>dotnet <paramref name="vaeDll"/> serve --urls http://127.0.0.1:0 <paramref name="arguments"/></c> and waits for its address.</summary>
    /// <exception cref="InvalidOperationException">It exited, or did not report an address within <paramref name="timeout"/>.</exception>
    public static async Task<(ServerProcess Server, Uri Address)> StartAsync(string vaeDll, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[vaeDll, "serve", "--urls", "http://127.0.0.1:0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start dotnet {vaeDll}"));
        try
        {
            // Both pipes are read for the whole run: a server blocked on a full pipe would look like a hung server.
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            var exited = server._process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(server._address.Task, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first != server._address.Task)
            {
                string why = server._process.HasExited ? $"exited with {server._process.ExitCode}" : $"did not report its address within {timeout.TotalSeconds:0} s";
                throw new InvalidOperationException($"vae serve {why}: {server.LastLines}");
            }
            return (server, await server._address.Task.ConfigureAwait(false));
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Resident memory (VmRSS in /proc/&lt;pid&gt;/status) in bytes; null once the process is gone.</summary>
    public long? ResidentBytes() => Status("VmRSS:") * 1024; // "VmRSS:	  123456 kB"

    /// <summary>Its threads (Threads in /proc/&lt;pid&gt;/status): each has a stack in the resident memory; null once the process is gone.</summary>
    public long? Threads() => Status("Threads:");

    /// <summary>The first number of the /proc/&lt;pid&gt;/status line starting with <paramref name="field"/>.</summary>
    private long? Status(string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    string[] parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }
            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends SIGTERM and waits up to <paramref name="limit"/> for the exit; returns the exit code, or null when it had to
    /// be killed.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan limit)
    {
        if (!_process.HasExited)
        {
            // .NET has no API to send a signal other than SIGKILL to another process; kill(1) does it for this id only.
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
                ?? throw new InvalidOperationException("cannot run kill");
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Kills the server if it is still running (a soak that failed half-way leaves nothing behind).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines && _lastLines.TryDequeue(out _))
        {
        }
        if (ServingLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Serving .* on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
