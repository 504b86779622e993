using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using VaeOnnx.Serve.Tests.Support;

namespace VaeOnnx.Serve.Tests;

/// <summary>
/// SIGTERM to a running <c>vae serve</c> process (out of process, as a service manager stops it): requests in flight
/// complete, new connections are refused, and the process exits 0 within the drain time.
/// </summary>
public sealed class ServeShutdownTests(ServeFixture fixture) : IClassFixture<ServeFixture>
{
    private static readonly byte[] Body = """{"z": [[0.25, -1.5], [1, 2]]}"""u8.ToArray();

    private string[] Arguments(int drainSeconds) =>
        ["--models", fixture.ModelDirectory, "--device", "cpu", "--threads", "1", "--data", fixture.DataDirectory,
            "--quiet", "--drain-seconds", drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>
    /// Opens a decode request whose body is not sent yet: the headers ask for <c>100 Continue</c>, which the server
    /// sends once the handler starts reading the body — from then on the request is certainly in flight.
    /// </summary>
    private static async Task<(TcpClient Client, NetworkStream Stream)> StartRequestAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        string head = $"POST /v1/decode HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {Body.Length}\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        string interim = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 100 Continue", interim, StringComparison.Ordinal);
        return (client, stream);
    }

    /// <summary>Reads up to and including the blank line that ends a response head.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one));
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    /// <summary>Polls until a new connection to <paramref name="address"/> is refused (the listener closed); false if it never is.</summary>
    private static async Task<bool> RefusesConnectionsAsync(Uri address)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(address.Host, address.Port);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Caught in the backlog while the listener closed: not served, but not the closed port yet either.
            }
            await Task.Delay(50);
        }
        return false;
    }

    [Fact]
    public async Task Serve_SigtermWithARequestInFlight_CompletesItRefusesNewConnectionsAndExits0()
    {
        var (server, address) = await ServeProcess.StartAsync(Arguments(drainSeconds: 30));
        await using var _ = server;
        var (client, stream) = await StartRequestAsync(address);
        using (client)
        {
            await server.TerminateAsync();
            Assert.True(await RefusesConnectionsAsync(address), $"new connections were still accepted after SIGTERM:\n{server.Output}");
            Assert.False(server.HasExited, "the server exited with a request in flight");

            await stream.WriteAsync(Body);
            string head = await ReadHeadAsync(stream);
            Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);
            int length = int.Parse(head.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))[15..].Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal(fixture.Reference.Decode([0.25f, -1.5f, 1f, 2f]), RunningServer.Floats(json.RootElement.GetProperty("images")));
        }
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"still running after the request completed:\n{server.Output}");
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Shutting down: finishing requests in flight", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SigtermWithARequestThatNeverFinishes_AbortsItAfterTheDrainTimeAndExits0()
    {
        const int drain = 2;
        var (server, address) = await ServeProcess.StartAsync(Arguments(drain));
        await using var _ = server;
        var (client, _) = await StartRequestAsync(address);
        using (client)
        {
            var clock = Stopwatch.StartNew();
            await server.TerminateAsync();
            // The documented bound: the drain time, plus the slack of a loaded machine for the process to wind down.
            Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(drain + 20)), $"still running long after the drain time:\n{server.Output}");
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(drain - 0.5), $"exited after {clock.Elapsed}, before the drain time: the request was not waited for");
            Assert.Equal(0, server.ExitCode);
        }
    }
}
