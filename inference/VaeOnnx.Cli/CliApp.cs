using System.CommandLine;
using VaeOnnx.Cli.Bench;
using VaeOnnx.Cli.Commands;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Cli;

/// <summary>
/// The <c>vae</c> tool, callable in-process: one System.CommandLine command per verb, run by <see cref="CliRunner"/>.
/// Exit codes: 0 success, 2 bad usage or input (a parse error, a missing or corrupt model or file), 1 an unexpected
/// failure. Errors are one line on stderr (a parse error adds a line naming the verb's help), never a stack trace.
/// </summary>
internal static class CliApp
{
    /// <summary>The program's name in messages.</summary>
    public const string Program = "vae";

    /// <summary>Runs the tool on <paramref name="args"/> and waits for it; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error).GetAwaiter().GetResult();

    /// <summary>Runs the tool; <paramref name="stop"/> acts like Ctrl+C for <c>vae serve</c> (tests use it).</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken stop = default) =>
        CliRunner.RunAsync(Describe(), Program, args, output, error, stop);

    /// <summary>The verbs and their options, as help shows them.</summary>
    public static RootCommand Describe()
    {
        var model = new ModelOptions();
        var labels = new LabelOptions();
        var root = new RootCommand("vae: run a trained VAE (encoder.onnx/decoder.onnx) with ONNX Runtime.\n" +
            "A conditional model takes a label on every verb that encodes or decodes: --digit D or --labels FILE|LIST.\n" +
            "Exit codes: 0 success, 2 bad usage or input (missing model, bad file, bad number), 1 internal error.")
        {
            InfoCommand.Create(model),
            EncodeCommand.Create(model, labels),
            DecodeCommand.Create(model, labels),
            ReconstructCommand.Create(model, labels),
            GenerateCommand.Create(model, labels),
            InterpolateCommand.Create(model, labels),
            ManifoldCommand.Create(model, labels),
            BenchCommand.Create(model),
            new ServeCommand(model).Command,
        };
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        return root;
    }
}
