using VaeOnnx.Contract;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli;

/// <summary>Options every model-using command takes, and loading the model from them.</summary>
internal static class CommonOptions
{
    public const string DefaultModels = "models";

    public static IReadOnlyList<Opt> Model { get; } =
    [
        new("--models"),
        new("--device"),
        new("--device-id"),
        new("--threads"),
        new("--verbose", TakesValue: false, Alias: "-v"),
    ];

    public const string Help =
        "common options:\n" +
        "  --models DIR        model folder with encoder.onnx and decoder.onnx (default: models)\n" +
        "  --device D          auto | cpu | cuda (default auto: CUDA when it loads, else CPU)\n" +
        "  --device-id N       CUDA device ordinal (default 0)\n" +
        "  --threads N         intra-op threads per session, 0 = all cores (default 0)\n" +
        "  -v, --verbose       log the provider choice (also on with --device cuda)\n";

    public static IReadOnlyList<Opt> With(params Opt[] extra) => [.. Model, .. extra];

    public static ExecutionDevice Device(ParsedArgs args)
    {
        string text = args.Get("--device", "auto");
        return ExecutionDevices.TryParse(text, out var device)
            ? device
            : throw new UsageException($"--device must be {ExecutionDevices.Choices}, got '{text}'");
    }

    public static VaeModelOptions Options(ParsedArgs args, ExecutionDevice? device = null) => new()
    {
        Device = device ?? Device(args),
        DeviceId = args.GetInt("--device-id", 0, min: 0),
        IntraOpThreads = args.GetInt("--threads", 0, min: 0, max: 1024),
        MaxBatch = args.GetInt("--max-batch", 0, min: 0), // only bench declares it; 0 = library default
    };

    /// <summary>Loads the model named by --models (or <paramref name="directory"/>); logs to stderr when verbose or CUDA was asked for.</summary>
    public static VaeModel Load(Invocation call, string? directory = null, ExecutionDevice? device = null)
    {
        var options = Options(call.Args, device);
        bool verbose = call.Args.Has("--verbose") || options.Device == ExecutionDevice.Cuda;
        var model = VaeModel.Load(directory ?? call.Args.Get("--models", DefaultModels), options,
            verbose ? line => call.Error.WriteLine($"vae: {line}") : null);
        if (call.Args.Has("--verbose"))
        {
            call.Error.WriteLine($"vae: {model.ModelDirectory}: latent {model.LatentDim}, provider {model.Provider}, {model.IntraOpThreads} threads");
        }
        return model;
    }
}
