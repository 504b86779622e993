using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// <c>vae serve</c> as a user runs it: <c>dotnet inference/VaeOnnx.Cli/bin/&lt;config&gt;/net10.0/linux-x64/vae.dll serve</c>
/// in a process of its own, on port 0; the bound address is read from its startup line. Signals are sent with
/// <c>kill</c> to this process's id only; <see cref="DisposeAsync"/> kills it if a test left it running.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
    }

    /// <summary>The CLI next to the tests: same configuration.</summary>
    public static string VaeDll => RepositoryPaths.VaeDll;

    /// <summary>Everything the process wrote so far (stdout and stderr, in arrival order).</summary>
    public string Output => string.Join('\n', _output);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>vae serve</c> with <paramref name="arguments"/> (and <c>--urls http://127.0.0.1:0</c>) and waits for its address.</summary>
    public static async Task<(ServeProcess Server, Uri Address)> StartAsync(params string[] arguments)
    {
        Assert.True(File.Exists(VaeDll), $"{VaeDll} is missing: build the solution first");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[VaeDll, "serve", "--urls", "http://127.0.0.1:0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        var server = new ServeProcess(Process.Start(start)!);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._address.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(first == server._address.Task, $"vae serve did not report its address:\n{server.Output}");
        return (server, await server._address.Task);
    }

    /// <summary>Sends SIGTERM to the server (what a service manager or <c>docker stop</c> sends).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit, at most <paramref name="limit"/>; true when it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (ServingLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Serving .* on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
