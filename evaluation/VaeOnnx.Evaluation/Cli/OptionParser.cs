using System.Globalization;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>A command line that cannot be run; the message is one line meant for the user.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Result of parsing: options to run with, or a request for help.</summary>
/// <param name="Options">The options (defaults where not given).</param>
/// <param name="ShowHelp">Whether <c>--help</c> was given.</param>
public sealed record ParsedCommandLine(EvaluationOptions Options, bool ShowHelp);

/// <summary>
/// Strict parser for <c>vae-evaluate</c>: every option is known, every value is checked, <c>--name value</c> and
/// <c>--name=value</c> both work, and anything else is a <see cref="UsageException"/> with a one-line message.
/// </summary>
public static class OptionParser
{
    /// <summary>Text printed by <c>--help</c>.</summary>
    public const string Usage = """
        vae-evaluate: evaluate a trained VAE (encoder.onnx / decoder.onnx) on MNIST through ONNX Runtime.

        Computes latents (μ) for the 60k train and 10k test images, a RandomForest (ML.NET OneVersusAll(FastForest))
        on the latents with accuracy, precision/recall/F1, confusion matrix and one-vs-rest ROC-AUC, SSIM/PSNR/MSE of
        decoder(μ) reconstructions, and every figure; writes them with metrics.json, report.md and index.html.

        Usage: vae-evaluate [options]

        Options:
          --models DIR                 model folder (encoder.onnx, decoder.onnx, training-history.json)  [models]
          --data DIR                   MNIST IDX folder                                                 [data/mnist]
          --out DIR                    output folder for figures, tables and the report                [reports]
          --sample-size N|all          reconstruction metrics over the first N test images             [all]
          --trees N                    trees per one-vs-rest forest                                    [100]
          --classifier-protocol P      train-test: fit on train latents, score test latents;
                                       test-split: seeded 80/20 split of the test latents              [train-test]
          --seed N                     seed for the classifier, the split and generated samples        [42]
          --device auto|cpu|cuda       ONNX Runtime execution provider                                 [auto]
          --threads N                  threads for ONNX Runtime, the forest and metrics; 0 = all cores  [0]
          -h, --help                   show this help

        Exit codes: 0 success, 2 bad options or missing/corrupt models or data, 1 unexpected failure.
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">Unknown option, missing or malformed value.</exception>
    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var options = new EvaluationOptions();
        bool help = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}' (options start with --; see --help)");
            }
            string name = arg, value;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                if (!IsKnown(name))
                {
                    throw new UsageException($"unknown option '{name}' (see --help)");
                }
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option {name} needs a value");
                }
                value = args[++i];
            }
            if (!IsKnown(name))
            {
                throw new UsageException($"unknown option '{name}' (see --help)");
            }
            if (!seen.Add(name))
            {
                throw new UsageException($"option {name} given more than once");
            }
            options = name switch
            {
                "--models" => options with { ModelDirectory = Path(name, value) },
                "--data" => options with { DataDirectory = Path(name, value) },
                "--out" => options with { OutputDirectory = Path(name, value) },
                "--sample-size" => options with
                {
                    SampleSize = value.Equals("all", StringComparison.OrdinalIgnoreCase) ? null : Integer(name, value, 1, int.MaxValue),
                },
                "--trees" => options with { Trees = Integer(name, value, 1, 10_000) },
                "--classifier-protocol" => options with { Protocol = Protocol(value) },
                "--seed" => options with { Seed = Integer(name, value, int.MinValue, int.MaxValue) },
                "--device" => options with { Device = Device(value) },
                "--threads" => options with { Threads = Integer(name, value, 0, 1024) },
                _ => throw new UsageException($"unknown option '{name}' (see --help)"),
            };
        }
        return new ParsedCommandLine(options, help);
    }

    private static readonly string[] Known =
        ["--models", "--data", "--out", "--sample-size", "--trees", "--classifier-protocol", "--seed", "--device", "--threads"];

    private static bool IsKnown(string name) => Array.IndexOf(Known, name) >= 0;

    private static string Path(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"option {name} needs a folder, got an empty value") : value;

    private static int Integer(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int result))
        {
            throw new UsageException($"option {name} expects an integer, got '{value}'");
        }
        if (result < min || result > max)
        {
            string range = max == int.MaxValue ? $"at least {min}" : $"between {min} and {max}";
            throw new UsageException($"option {name} must be {range}, got {result}");
        }
        return result;
    }

    private static ClassifierProtocol Protocol(string value) => value.ToLowerInvariant() switch
    {
        "train-test" => ClassifierProtocol.TrainTest,
        "test-split" => ClassifierProtocol.TestSplit,
        _ => throw new UsageException($"option --classifier-protocol expects train-test or test-split, got '{value}'"),
    };

    private static ExecutionDevice Device(string value) => ExecutionDevices.TryParse(value, out var device)
        ? device
        : throw new UsageException($"option --device expects {ExecutionDevices.Choices}, got '{value}'");
}
