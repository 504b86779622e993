using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli;

/// <summary>
/// The options of every verb that loads the model, declared once: the same instances are added to each verb, so
/// <see cref="Load"/> reads them whichever verb was parsed.
/// </summary>
internal sealed class ModelOptions
{
    /// <summary>Highest CUDA device ordinal accepted.</summary>
    public const int MaxDeviceId = 64;

    public Option<string> Models { get; } = SharedOptions.Models();

    public Option<ExecutionDevice> Device { get; } = SharedOptions.Device();

    public Option<int> DeviceId { get; } = CliOptions.Int("--device-id", "CUDA device ordinal", 0, 0, MaxDeviceId);

    public Option<int> Threads { get; } = SharedOptions.Threads(description: "intra-op threads per session, 0 = all cores");

    public Option<bool> Verbose { get; } = CliOptions.Flag("--verbose", "log the provider choice (also on with --device cuda)", null, "-v");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Models, Device, DeviceId, Threads, Verbose })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Loads the model named by <c>--models</c> (or <paramref name="directory"/>) on <c>--device</c> (or
    /// <paramref name="device"/>); logs the provider choice to stderr when verbose or when CUDA was asked for.
    /// </summary>
    public VaeModel Load(ParseResult result, string? directory = null, ExecutionDevice? device = null, int maxBatch = 0)
    {
        var options = new VaeModelOptions
        {
            Device = device ?? result.GetValue(Device),
            DeviceId = result.GetValue(DeviceId),
            IntraOpThreads = result.GetValue(Threads),
            MaxBatch = maxBatch,
        };
        bool verbose = result.GetValue(Verbose);
        var error = result.Error();
        var model = VaeModel.Load(directory ?? result.GetValue(Models)!, options,
            verbose || options.Device == ExecutionDevice.Cuda ? line => error.WriteLine($"{CliApp.Program}: {line}") : null);
        if (verbose)
        {
            error.WriteLine($"{CliApp.Program}: {model.ModelDirectory}: latent {model.LatentDim}, provider {model.Provider}, {model.IntraOpThreads} threads");
        }
        return model;
    }
}
