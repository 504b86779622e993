using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>
/// The command line of <c>vae-train</c>. Every option takes its default from, in rising priority, the code,
/// <c>appsettings.json</c> beside the program (section <c>Training</c>) and <c>VAEONNX_Training__&lt;Name&gt;</c>
/// variables; a switch overrides them all. A bad value from any of these is one line naming its source.
/// </summary>
internal sealed class TrainerCommand
{
    /// <summary>The program's name in messages.</summary>
    public const string Program = "vae-train";

    /// <summary>Configuration section of the options.</summary>
    public const string Section = "Training";

    /// <summary>Prefix of the environment variables (<c>VAEONNX_Training__Epochs</c>).</summary>
    public const string EnvironmentPrefix = "VAEONNX_";

    private readonly IConfiguration _file;
    private readonly IConfiguration _environment;
    private readonly string _settingsPath;

    private TrainerCommand(string? settingsPath = null)
    {
        _settingsPath = settingsPath ?? Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        _file = new ConfigurationBuilder().AddJsonFile(_settingsPath, optional: true).Build();
        _environment = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build();
        var defaults = new TrainerOptions();
        Arch = CliOptions.Choice("--arch", "network: mlp (fully connected) or conv (two convolutions each way)", defaults.Arch, Configured(nameof(TrainerOptions.Arch)));
        Conditional = CliOptions.Flag("--conditional", "a conditional VAE on the digit label (one-hot to the encoder's features and to z)", Configured(nameof(TrainerOptions.Conditional)));
        Beta = CliOptions.Double("--beta", "weight of the KL term: 1 = the plain VAE, above 1 a β-VAE", defaults.Beta, 0, 1000, Configured(nameof(TrainerOptions.Beta)));
        Precision = CliOptions.Choice("--precision", "matrix products of training: float32, or bf16 (bfloat16 from float32 weights, on AVX512-BF16 where the CPU has it; the weights, the test loss and the exports stay float32)",
            defaults.Precision, Configured(nameof(TrainerOptions.Precision)));
        Epochs = CliOptions.Int("--epochs", "passes over the training set", defaults.Epochs, 1, 10_000, Configured(nameof(TrainerOptions.Epochs)));
        BatchSize = CliOptions.Int("--batch-size", "images per step", defaults.BatchSize, 1, 60_000, Configured(nameof(TrainerOptions.BatchSize)));
        LatentDim = CliOptions.Int("--latent-dim", "size of z", defaults.LatentDim, 1, 512, Configured(nameof(TrainerOptions.LatentDim)));
        HiddenDim = CliOptions.Int("--hidden-dim", "hidden layer width", defaults.HiddenDim, 1, 8192, Configured(nameof(TrainerOptions.HiddenDim)));
        Lr = CliOptions.Double("--lr", "Adam learning rate", defaults.Lr, 1e-7, 1.0, Configured(nameof(TrainerOptions.Lr)));
        Seed = SharedOptions.Seed(defaults.Seed, "seed of initialisation, shuffling and sampling noise", Configured(nameof(TrainerOptions.Seed)));
        Data = SharedOptions.Data(configured: Configured(nameof(TrainerOptions.Data)));
        Out = SharedOptions.OutFolder(defaults.Out, "output folder: weights, checkpoint, history, ONNX files", Configured(nameof(TrainerOptions.Out)));
        Device = SharedOptions.Device("where to train: auto (CUDA when TorchSharp has it), cpu or cuda", Configured(nameof(TrainerOptions.Device)));
        Threads = SharedOptions.Threads(defaults.Threads, "CPU threads for TorchSharp, 0 = all cores", Configured(nameof(TrainerOptions.Threads)));
        Resume = CliOptions.OptionalText("--resume", "continue exactly from this checkpoint", "FILE", Configured(nameof(TrainerOptions.Resume)));
        TrainLimit = CliOptions.Int("--train-limit", "use the first N training images, 0 = all", 0, 0, int.MaxValue, Configured(nameof(TrainerOptions.TrainLimit)));
        TestLimit = CliOptions.Int("--test-limit", "use the first N test images, 0 = all", 0, 0, int.MaxValue, Configured(nameof(TrainerOptions.TestLimit)));
        NoExport = CliOptions.Flag("--no-export", "skip the ONNX export at the end", Configured(nameof(TrainerOptions.NoExport)));
        NoClassifier = CliOptions.Flag("--no-classifier", "skip the latent classifier (classifier.onnx, an MLP fitted on the training μ)", Configured(nameof(TrainerOptions.NoClassifier)));
        Checkpoint = CliOptions.RequiredText("--checkpoint", "the checkpoint to export (e.g. models/checkpoint.pt)", "FILE");
        ExportOut = CliOptions.OptionalText("--out", "output folder (default: the checkpoint's folder)", "DIR");
        ExportData = CliOptions.OptionalText("--data", "dataset for the parity check and the classifier (default: the one the checkpoint was trained on)", "DIR");
    }

    public Option<Architecture> Arch { get; }
    public Option<bool> Conditional { get; }
    public Option<double> Beta { get; }
    public Option<TrainingPrecision> Precision { get; }
    public Option<int> Epochs { get; }
    public Option<int> BatchSize { get; }
    public Option<int> LatentDim { get; }
    public Option<int> HiddenDim { get; }
    public Option<double> Lr { get; }
    public Option<int> Seed { get; }
    public Option<string> Data { get; }
    public Option<string> Out { get; }
    public Option<ExecutionDevice> Device { get; }
    public Option<int> Threads { get; }
    public Option<string?> Resume { get; }
    public Option<int> TrainLimit { get; }
    public Option<int> TestLimit { get; }
    public Option<bool> NoExport { get; }
    public Option<bool> NoClassifier { get; }
    public Option<string> Checkpoint { get; }
    public Option<string?> ExportOut { get; }
    public Option<string?> ExportData { get; }

    /// <summary>Runs <c>vae-train</c>; <paramref name="stop"/> acts like Ctrl+C (tests use it).</summary>
    public static int Run(IReadOnlyList<string> args, CancellationToken stop, TextWriter? output = null, TextWriter? error = null)
    {
        var command = new TrainerCommand();
        return CliRunner.Run(command.Root(stop), Program, args, output, error);
    }

    /// <summary>The commands and options, as help shows them (for tests of the documentation).</summary>
    internal static RootCommand Describe() => new TrainerCommand().Root(CancellationToken.None);

    /// <summary>
    /// The options a command line resolves to, with the settings file at <paramref name="settingsPath"/> and the
    /// process's environment beneath it (for tests of the layering); null with the parse errors when it does not parse.
    /// </summary>
    internal static (TrainerOptions? Options, IReadOnlyList<string> Errors) Resolve(IReadOnlyList<string> args, string settingsPath)
    {
        var command = new TrainerCommand(settingsPath);
        var result = command.Root(CancellationToken.None).Parse(args);
        return result.Errors.Count > 0 ? (null, [.. result.Errors.Select(e => e.Message)]) : (command.ToOptions(result), []);
    }

    private RootCommand Root(CancellationToken stop)
    {
        var root = new RootCommand("vae-train: fit a VAE with TorchSharp, write checkpoints, export encoder/decoder ONNX and fit the latent classifier (classifier.onnx).\n" +
            "Defaults come from appsettings.json beside the program and VAEONNX_Training__<Name> variables, beneath the switches.\n" +
            "Exit codes: 0 done, 2 bad options or input, 130 interrupted (checkpoint written), 1 failure.");
        foreach (Option option in TrainingOptions)
        {
            root.Options.Add(option);
        }
        root.SetAction(result => Train(ToOptions(result), stop, result.Out()));

        var export = new Command("export", "write encoder.onnx, decoder.onnx and classifier.onnx from a checkpoint, without training the VAE");
        foreach (Option option in new Option[] { Checkpoint, ExportOut, ExportData, Threads, NoClassifier })
        {
            export.Options.Add(option);
        }
        export.SetAction(result => new ModelExport(new ConsoleProgress(result.Out()))
            .Execute(result.GetValue(Checkpoint)!, result.GetValue(ExportOut), result.GetValue(ExportData), result.GetValue(Threads), result.GetValue(NoClassifier)));
        root.Subcommands.Add(export);
        return root;
    }

    private Option[] TrainingOptions =>
        [Arch, Conditional, Beta, Precision, Epochs, BatchSize, LatentDim, HiddenDim, Lr, Seed, Data, Out, Device, Threads, Resume, TrainLimit, TestLimit, NoExport, NoClassifier];

    private TrainerOptions ToOptions(ParseResult result) => new()
    {
        Arch = result.GetValue(Arch),
        Conditional = result.GetValue(Conditional),
        Beta = result.GetValue(Beta),
        Precision = result.GetValue(Precision),
        Epochs = result.GetValue(Epochs),
        BatchSize = result.GetValue(BatchSize),
        LatentDim = result.GetValue(LatentDim),
        HiddenDim = result.GetValue(HiddenDim),
        Lr = result.GetValue(Lr),
        Seed = result.GetValue(Seed),
        Data = result.GetValue(Data)!,
        Out = result.GetValue(Out)!,
        Device = result.GetValue(Device),
        Threads = result.GetValue(Threads),
        Resume = result.GetValue(Resume),
        TrainLimit = result.GetValue(TrainLimit),
        TestLimit = result.GetValue(TestLimit),
        NoExport = result.GetValue(NoExport),
        NoClassifier = result.GetValue(NoClassifier),
        Given = TrainingOptions.Where(result.IsGiven).Select(o => o.Name).ToHashSet(),
    };

    private static int Train(TrainerOptions options, CancellationToken stop, TextWriter output)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        return new TrainingRun(options, new ConsoleProgress(output)).Execute(interrupt.Token);

        void Interrupt(PosixSignalContext context)
        {
            // Keep the process alive: the loop finishes its step, writes a checkpoint and returns 130.
            context.Cancel = true;
            if (!interrupt.IsCancellationRequested)
            {
                Console.Error.WriteLine($"{Program}: stopping after this step (checkpoint follows); press Ctrl+C again to abort without one");
                interrupt.Cancel();
            }
            else
            {
                // At once and without a checkpoint: Environment.Exit would let the training thread run on (and write
                // one) while the runtime shuts down.
                Console.Error.WriteLine($"{Program}: aborted without a checkpoint");
                ProcessExit.Now(ExitCodes.Interrupted);
            }
        }
    }

    /// <summary>The configured value of <paramref name="key"/>: an environment variable over appsettings.json.</summary>
    private ConfiguredValue? Configured(string key)
    {
        string path = $"{Section}:{key}";
        return _environment[path] is { } fromEnvironment ? new ConfiguredValue(fromEnvironment, $"{EnvironmentPrefix}{Section}__{key}")
            : _file[path] is { } fromFile ? new ConfiguredValue(fromFile, $"{_settingsPath} ({path})")
            : null;
    }
}
