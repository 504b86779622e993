using VaeOnnx.Cli.Bench;
using VaeOnnx.Cli.Commands;
using VaeOnnx.Inference;
using VaeOnnx.Data;
using VaeOnnx.Serve;

namespace VaeOnnx.Cli;

/// <summary>What a command gets: its parsed arguments and where to write.</summary>
internal sealed record Invocation(ParsedArgs Args, TextWriter Out, TextWriter Error);

/// <summary>A verb of the <c>vae</c> tool.</summary>
internal sealed record CommandSpec(string Name, string Summary, string Usage, IReadOnlyList<Opt> Options, int MaxPositional,
    Func<Invocation, int> Run);

/// <summary>
/// The <c>vae</c> tool, callable in-process: <see cref="Run"/> returns the exit code. 0 = success, 2 = bad usage or
/// bad input (missing/corrupt model or file, bad number), 1 = unexpected internal failure. Errors are one line on
/// <c>stderr</c>, never a stack trace.
/// </summary>
internal static class CliApp
{
    public static IReadOnlyList<CommandSpec> Commands { get; } =
    [
        InfoCommand.Spec,
        EncodeCommand.Spec,
        DecodeCommand.Spec,
        ReconstructCommand.Spec,
        GenerateCommand.Spec,
        InterpolateCommand.Spec,
        ManifoldCommand.Spec,
        BenchCommand.Spec,
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Length == 0)
            {
                stderr.WriteLine("vae: no command given (try `vae --help`)");
                return 2;
            }
            string verb = args[0];
            if (verb is "-h" or "--help" or "help")
            {
                if (args.Length > 1 && args[1] == "serve")
                {
                    stdout.Write(ServeCommand.Usage);
                    return 0;
                }
                if (args.Length > 1 && Find(args[1]) is { } topic)
                {
                    stdout.Write(topic.Usage);
                    return 0;
                }
                stdout.Write(MainUsage());
                return 0;
            }
            if (verb == "--version")
            {
                stdout.WriteLine($"vae {typeof(CliApp).Assembly.GetName().Version?.ToString(3)} (ONNX Runtime {VaeModel.OnnxRuntimeVersion})");
                return 0;
            }
            if (verb == "serve")
            {
                // The server has its own options, help and exit codes (it blocks until Ctrl+C/SIGTERM).
                return ServeCommand.Run(args[1..], stdout, stderr);
            }
            var command = Find(verb) ?? throw new UsageException($"unknown command '{verb}' (try `vae --help`)");
            if (args.Skip(1).Any(a => a is "-h" or "--help"))
            {
                stdout.Write(command.Usage);
                return 0;
            }
            var parsed = ParsedArgs.Parse(command.Name, args[1..], command.Options, command.MaxPositional);
            return command.Run(new Invocation(parsed, stdout, stderr));
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            stderr.WriteLine($"vae: {message}");
            return 2;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"vae: internal error ({e.GetType().Name}): {OneLine(e.Message)}");
            return 1;
        }
    }

    private static CommandSpec? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    /// <summary>The one-line message for an expected failure (exit 2), or null for an unexpected one.</summary>
    private static string? Describe(Exception e) => e switch
    {
        UsageException => e.Message,
        VaeModelException { Fault: VaeModelFault.NotFound } m => $"{m.Message} (run `make train` first, or pass --models DIR)",
        VaeModelException or DataFileException => OneLine(e.Message),
        ArgumentException a => OneLine(a.ParamName is { } p ? a.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : a.Message),
        UnauthorizedAccessException or IOException => OneLine(e.Message),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string MainUsage()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("vae — run a trained VAE (encoder.onnx/decoder.onnx) with ONNX Runtime");
        text.AppendLine();
        text.AppendLine("usage: vae COMMAND [options]     (vae COMMAND --help for details)");
        text.AppendLine();
        text.AppendLine("commands:");
        foreach (var c in Commands)
        {
            text.AppendLine($"  {c.Name,-12} {c.Summary}");
        }
        text.AppendLine($"  {"serve",-12} {ServeCommand.Summary}");
        text.AppendLine();
        text.Append(CommonOptions.Help);
        text.AppendLine();
        text.AppendLine("exit codes: 0 success, 2 bad usage or input (missing model, bad file, bad number), 1 internal error");
        return text.ToString();
    }
}
