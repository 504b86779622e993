using System.Globalization;
using System.Reflection;
using System.Text;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>
/// The friendly switches of <c>vae-train</c>, mapped onto configuration keys of <see cref="TrainerOptions"/>.
/// The generic host's own command-line source accepts any <c>--key value</c> silently, so switches are
/// checked here first: an unknown one is a usage error, not a setting that is quietly ignored.
/// </summary>
internal static class CommandLine
{
    /// <summary>Switch → (configuration key, value hint, help text).</summary>
    public static readonly IReadOnlyList<(string Switch, string Key, string Hint, string Help)> Switches =
    [
        ("--epochs", nameof(TrainerOptions.Epochs), "N", "passes over the training set"),
        ("--batch-size", nameof(TrainerOptions.BatchSize), "N", "images per step"),
        ("--latent-dim", nameof(TrainerOptions.LatentDim), "N", "size of z"),
        ("--hidden-dim", nameof(TrainerOptions.HiddenDim), "N", "hidden layer width"),
        ("--lr", nameof(TrainerOptions.Lr), "X", "Adam learning rate"),
        ("--seed", nameof(TrainerOptions.Seed), "N", "seed of init, shuffling and noise"),
        ("--data", nameof(TrainerOptions.Data), "DIR", "MNIST-layout IDX folder"),
        ("--out", nameof(TrainerOptions.Out), "DIR", "output folder"),
        ("--device", nameof(TrainerOptions.Device), "auto|cpu|cuda", "where to train"),
        ("--threads", nameof(TrainerOptions.Threads), "N", "CPU threads, 0 = all cores"),
        ("--resume", nameof(TrainerOptions.Resume), "FILE", "continue from a checkpoint"),
        ("--train-limit", nameof(TrainerOptions.TrainLimit), "N", "first N training images, 0 = all"),
        ("--test-limit", nameof(TrainerOptions.TestLimit), "N", "first N test images, 0 = all"),
        ("--no-export", nameof(TrainerOptions.NoExport), "true|false", "skip the ONNX export"),
    ];

    /// <summary>Maps for <c>AddCommandLine</c>.</summary>
    public static Dictionary<string, string> SwitchMappings() =>
        Switches.ToDictionary(s => s.Switch, s => $"{TrainerOptions.Section}:{s.Key}");

    /// <summary>Returns null when the arguments are well formed, else a one-line message.</summary>
    public static string? Check(IReadOnlyList<string> args, IReadOnlySet<string> extraSwitches)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg.Split('=', 2)[0];
            bool known = Switches.Any(s => s.Switch == name) || extraSwitches.Contains(name);
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !known)
            {
                return $"unknown option '{arg}' (see --help)";
            }
            if (!arg.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return $"option {name} needs a value";
                }
                i++;
            }
        }
        return null;
    }

    /// <summary>The switch that sets a configuration key, for error messages.</summary>
    public static string SwitchFor(string key) =>
        Switches.FirstOrDefault(s => s.Key == key).Switch ?? key;

    /// <summary>Usage text with the defaults of <paramref name="defaults"/> (appsettings.json applied).</summary>
    public static string Help(TrainerOptions defaults)
    {
        var text = new StringBuilder();
        text.AppendLine("vae-train — fit the VAE with TorchSharp, write checkpoints and export encoder/decoder ONNX.");
        text.AppendLine();
        text.AppendLine("Usage: vae-train [options]");
        text.AppendLine("       vae-train export --checkpoint FILE [--out DIR] [--data DIR]");
        text.AppendLine();
        text.AppendLine("Options (default in brackets; also VAEONNX_Training__<Name> variables and appsettings.json):");
        foreach (var (sw, key, hint, help) in Switches)
        {
            object? value = typeof(TrainerOptions).GetProperty(key, BindingFlags.Public | BindingFlags.Instance)!.GetValue(defaults);
            string shown = value switch
            {
                null or "" => "none",
                double d => d.ToString("G", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"  {sw + " " + hint,-28} {help} [{shown}]");
        }
        text.AppendLine("  --help                       show this text");
        text.AppendLine();
        text.Append("Exit codes: 0 done, 2 bad options or input, 130 interrupted (checkpoint written), 1 failure.");
        return text.ToString();
    }
}
