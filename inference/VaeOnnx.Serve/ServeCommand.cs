using System.Globalization;
using Microsoft.Extensions.Hosting;
using VaeOnnx.Inference;
using VaeOnnx.Data;

namespace VaeOnnx.Serve;

/// <summary>
/// The <c>serve</c> command: parses its arguments, loads the model once, serves until Ctrl+C / SIGTERM. The <c>vae</c>
/// CLI hooks it up with one line (<c>if (verb == "serve") return ServeCommand.Run(args[1..], stdout, stderr);</c>);
/// <c>vae-serve</c> (this project's own executable) is the same call. Exit codes: 0 after a clean shutdown (or
/// <c>--help</c>), 2 for bad options, a missing or invalid model, or an address that cannot be bound (one line on
/// stderr, never a stack trace), 1 for an unexpected failure.
/// </summary>
public static class ServeCommand
{
    /// <summary>One-line description for the CLI's command list.</summary>
    public const string Summary = "HTTP API (decode/encode/generate/interpolate) and latent-space explorer page";

    /// <summary>Full help text.</summary>
    public static string Usage { get; } =
        """
        usage: vae serve [options]

        Serves the model over HTTP (JSON API under /v1, explorer page at /) until Ctrl+C or SIGTERM.

        options:
          --models DIR          model folder with encoder.onnx and decoder.onnx (default: models)
          --urls URLS           listen addresses, ';'-separated (default: http://127.0.0.1:5080)
          --device D            auto | cpu | cuda (default auto: CUDA when it loads, else CPU)
          --device-id N         CUDA device ordinal (default 0)
          --threads N           intra-op threads per session, 0 = all cores (default 1: requests run in parallel)
          --data DIR            dataset whose test split feeds the explorer's map (default: data/mnist)
          --reports DIR         use DIR/latents_test.npy + labels_test.npy for the map when present (default: reports)
          --max-batch N         most latent codes or images per request (default 1024)
          --max-body-bytes N    largest request body in bytes (default 16777216)
          --latent-points N     test-set points sent to the map, a fixed subsample (default 5000, 0 = no map)
          --micro-batch on|off  merge concurrent decode requests into one ONNX Runtime call (default off)
          --quiet               no per-request log lines

        exit codes: 0 clean shutdown, 2 bad option / missing model / address in use, 1 internal error

        """;

    private static readonly string[] ValueOptions =
    [
        "--models", "--urls", "--device", "--device-id", "--threads", "--data", "--reports", "--max-batch",
        "--max-body-bytes", "--latent-points", "--micro-batch",
    ];

    private static readonly string[] FlagOptions = ["--quiet", "--help", "-h"];

    /// <summary>Runs the command and blocks until the server stops; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the command until the server stops (Ctrl+C, SIGTERM, or <paramref name="cancellationToken"/>); returns
    /// the exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var parsed = ParseArguments(args);
            if (parsed.ContainsKey("--help") || parsed.ContainsKey("-h"))
            {
                await stdout.WriteAsync(Usage).ConfigureAwait(false);
                return 0;
            }
            var options = ToOptions(parsed);
            await using var app = VaeServer.Build(options);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await stderr.WriteLineAsync($"vae serve: {message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"vae serve: internal error ({e.GetType().Name}): {OneLine(e.Message)}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Parses the server options; throws <see cref="ServeUsageException"/>.</summary>
    public static ServeOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ToOptions(ParseArguments(args));
    }

    /// <summary>The one-line message for an expected failure (exit 2), or null for an unexpected one.</summary>
    internal static string? Describe(Exception e) => e switch
    {
        ServeUsageException => e.Message,
        VaeModelException { Fault: VaeModelFault.NotFound } m => $"{m.Message} (run `make train` first, or pass --models DIR)",
        VaeModelException or DataFileException => OneLine(e.Message),
        // Kestrel: "Failed to bind to address http://127.0.0.1:5080: address already in use."
        IOException when e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase) => OneLine(e.Message),
        UnauthorizedAccessException => OneLine(e.Message),
        _ => null,
    };

    private static Dictionary<string, string?> ParseArguments(string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string token = args[i];
            string name = token;
            string? value = null;
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (token.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = token[..eq];
                value = token[(eq + 1)..];
            }
            if (ValueOptions.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new ServeUsageException($"option {name} needs a value");
                    }
                    value = args[++i];
                }
            }
            else if (FlagOptions.Contains(name))
            {
                if (value is not null)
                {
                    throw new ServeUsageException($"option {name} takes no value");
                }
            }
            else
            {
                throw new ServeUsageException(token.StartsWith('-')
                    ? $"unknown option '{name}' (see `vae serve --help`)"
                    : $"unexpected argument '{token}' (see `vae serve --help`)");
            }
            if (!values.TryAdd(name, value))
            {
                throw new ServeUsageException($"option {name} given more than once");
            }
        }
        return values;
    }

    private static ServeOptions ToOptions(Dictionary<string, string?> args)
    {
        var defaults = new ServeOptions();
        var options = new ServeOptions
        {
            ModelDirectory = Text(args, "--models", defaults.ModelDirectory),
            Urls = Text(args, "--urls", defaults.Urls),
            Device = ExecutionDevices.TryParse(Text(args, "--device", "auto"), out var device)
                ? device
                : throw new ServeUsageException($"--device must be {ExecutionDevices.Choices}, got '{Text(args, "--device", "auto")}'"),
            DeviceId = Int(args, "--device-id", defaults.DeviceId),
            Threads = Int(args, "--threads", defaults.Threads),
            DataDirectory = Text(args, "--data", defaults.DataDirectory),
            ReportsDirectory = Text(args, "--reports", defaults.ReportsDirectory),
            MaxBatch = Int(args, "--max-batch", defaults.MaxBatch),
            MaxBodyBytes = Long(args, "--max-body-bytes", defaults.MaxBodyBytes),
            LatentPoints = Int(args, "--latent-points", defaults.LatentPoints),
            MicroBatching = Text(args, "--micro-batch", "off") switch
            {
                "on" or "true" or "1" => true,
                "off" or "false" or "0" => false,
                var other => throw new ServeUsageException($"--micro-batch must be on or off, got '{other}'"),
            },
            LogRequests = !args.ContainsKey("--quiet"),
        };
        options.Validate();
        return options;
    }

    private static string Text(Dictionary<string, string?> args, string name, string fallback)
    {
        if (!args.TryGetValue(name, out string? value))
        {
            return fallback;
        }
        return string.IsNullOrWhiteSpace(value) ? throw new ServeUsageException($"option {name} needs a non-empty value") : value;
    }

    private static int Int(Dictionary<string, string?> args, string name, int fallback)
    {
        long value = Long(args, name, fallback);
        return value is < int.MinValue or > int.MaxValue
            ? throw new ServeUsageException($"{name}: {value} is out of range")
            : (int)value;
    }

    private static long Long(Dictionary<string, string?> args, string name, long fallback)
    {
        if (!args.TryGetValue(name, out string? text))
        {
            return fallback;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new ServeUsageException($"{name} needs a whole number, got '{text}'");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
