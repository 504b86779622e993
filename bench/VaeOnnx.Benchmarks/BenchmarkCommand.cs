using System.CommandLine;
using VaeOnnx.Benchmarks.ServeLoad;
using VaeOnnx.Benchmarks.Zoo;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Benchmarks;

/// <summary>
/// The command line of <c>vae-bench</c>. Bad options are parse errors (exit 2); a missing or mismatched
/// <c>--models</c> checkpoint and unreadable data are one line and exit 2 through <see cref="ErrorPolicy"/>.
/// </summary>
internal sealed class BenchmarkCommand
{
    /// <summary>The program's name in messages.</summary>
    public const string Name = "vae-bench";

    private readonly Option<string> _out = SharedOptions.OutFolder("bench/results", "folder for the report, <date>-<host>.json and .md");
    private readonly Option<string> _data = SharedOptions.Data();
    private readonly Option<int> _epochs = CliOptions.Int("--epochs", "measured training epochs per thread count, after one warm-up epoch", 5, 1, 1000);
    private readonly Option<string?> _trainer = CliOptions.OptionalText("--trainer",
        "vae-train.dll: train a scratch model end to end (20 epochs, timed) and measure it", "FILE");
    private readonly Option<string?> _evaluator = CliOptions.OptionalText("--evaluator", "vae-evaluate.dll: also time evaluating that model", "FILE");
    private readonly Option<string?> _vae = CliOptions.OptionalText("--vae", "vae.dll: add its `vae bench` figures for the measured model", "FILE");
    private readonly Option<bool> _skipEndToEnd = CliOptions.Flag("--skip-e2e", "no end-to-end runs (measure --models instead)");
    private readonly Option<int> _convImages = CliOptions.Int("--conv-images",
        "training images per measured epoch of the convolutional VAE against PyTorch (times scaled to 60k)", 6000, 512, 60_000);
    private readonly Option<string?> _models = CliOptions.OptionalText("--models",
        "measure this trained model folder (its checkpoint says what it is; default: the default architecture, untrained)", "DIR");
    private readonly Option<int> _soakSeconds = CliOptions.Int("--soak-seconds",
        "seconds of the HTTP soak of `vae serve` after the load test (32 clients, every endpoint, ~5 % malformed; needs --vae), 0 = skip",
        SoakOptions.DefaultSeconds, 0, 86_400);

    /// <summary>Runs <c>vae-bench</c>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null) =>
        CliRunner.Run(new BenchmarkCommand().Root(), Name, args, output, error);

    private RootCommand Root()
    {
        var root = new RootCommand("vae-bench: measure this machine (matmul ceiling, training speed and step breakdown, TorchSharp eager decoding,\n" +
            "ONNX Runtime via `vae bench`, the HTTP server under load and in a soak, end-to-end wall times) into one JSON + Markdown report.\n" +
            "Exit codes: 0 done, 2 bad options or input, 1 failure (a failed soak too, after the report is written).");
        foreach (Option option in new Option[] { _out, _data, _epochs, _trainer, _evaluator, _vae, _skipEndToEnd, _models, _convImages, _soakSeconds })
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(ZooCommand());
        root.Subcommands.Add(SoakCommand());
        root.SetAction(result => Program.Execute(new BenchmarkSettings(result.GetValue(_out)!, result.GetValue(_data)!,
            result.GetValue(_epochs), result.GetValue(_trainer), result.GetValue(_evaluator), result.GetValue(_vae), result.GetValue(_skipEndToEnd),
            result.GetValue(_models), result.GetValue(_convImages), result.GetValue(_soakSeconds)), result.Out()));
        return root;
    }

    /// <summary><c>vae-bench soak</c>: the soak of the main run alone, on a trained model folder.</summary>
    private static Command SoakCommand()
    {
        var models = CliOptions.RequiredText("--models", "model folder vae serve loads (encoder.onnx, decoder.onnx)", "DIR");
        var vae = CliOptions.RequiredText("--vae", "vae.dll, started as `dotnet vae.dll serve`", "FILE");
        var data = SharedOptions.Data("dataset whose test split the server encodes for the explorer's map");
        var seconds = CliOptions.Int("--seconds", "length of the measured run", SoakOptions.DefaultSeconds, 1, 86_400);
        var warmup = CliOptions.Int("--warmup-seconds", "the same mix first; resident memory at its end is the baseline", SoakOptions.DefaultWarmupSeconds, 0, 3_600);
        var clients = CliOptions.Int("--clients", "concurrent loopback clients", SoakOptions.DefaultClients, 1, 1024);
        var output = SharedOptions.OutFolder("bench/results", "folder for <date>-<host>-soak.json and .md");
        var command = new Command("soak",
            "soak vae serve out of process: every endpoint, ~5 % malformed, from concurrent clients; fails (exit 1) on a 5xx, a malformed request not answered 4xx, "
            + "resident memory at the end over 10 % above the warm-up's, or an unclean exit")
        {
            models, vae, data, seconds, warmup, clients, output,
        };
        command.SetAction(result => SoakRun.Execute(new SoakOptions
        {
            ModelDirectory = result.GetValue(models)!,
            VaeDll = result.GetValue(vae)!,
            DataDirectory = result.GetValue(data)!,
            Duration = TimeSpan.FromSeconds(result.GetValue(seconds)),
            Warmup = TimeSpan.FromSeconds(result.GetValue(warmup)),
            Clients = result.GetValue(clients),
        }, result.GetValue(output)!, result.Out()));
        return command;
    }

    /// <summary><c>vae-bench zoo</c>: the family side by side (<c>make zoo</c>).</summary>
    private static Command ZooCommand()
    {
        var members = CliOptions.OptionalText("--members", $"comma-separated members (default all: {string.Join(",", ZooMember.All.Select(m => m.Name))})", "LIST");
        var epochs = CliOptions.Int("--epochs", "training epochs of every member", 10, 1, 1000);
        var data = SharedOptions.Data();
        var models = CliOptions.Text("--models-root", "one model folder per member", "models/zoo", "DIR");
        var reports = CliOptions.Text("--reports-root", "one report folder per member, and the side-by-side page", "reports/zoo", "DIR");
        var trainer = CliOptions.RequiredText("--trainer", "vae-train.dll", "FILE");
        var evaluator = CliOptions.RequiredText("--evaluator", "vae-evaluate.dll", "FILE");
        var vae = CliOptions.RequiredText("--vae", "vae.dll (times each decoder)", "FILE");
        var limit = CliOptions.Int("--train-limit", "train every member on the first N images, 0 = all (a quick run of the whole loop)", 0, 0, 60_000);
        var threads = SharedOptions.Threads(0, "threads of the calibration, vae-train and vae-evaluate, 0 = all cores (1 is faster when the machine is busy)");
        var evaluatorArgs = CliOptions.OptionalText("--evaluator-args",
            "extra vae-evaluate switches for every member, e.g. \"--classifier mlp\" (the forest on 60k latents is the slow part)", "TEXT");
        var command = new Command("zoo", "train and evaluate every member of the family into models/zoo and reports/zoo, then the side-by-side page")
        {
            members, epochs, data, models, reports, trainer, evaluator, vae, limit, threads, evaluatorArgs,
        };
        command.SetAction(result => ZooRun.Execute(new ZooSettings(
            result.GetValue(members)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            result.GetValue(epochs), result.GetValue(data)!, result.GetValue(models)!, result.GetValue(reports)!, result.GetValue(trainer)!,
            result.GetValue(evaluator)!, result.GetValue(vae)!, result.GetValue(limit), result.GetValue(threads),
            result.GetValue(evaluatorArgs)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []), result.Out()));
        return command;
    }
}
