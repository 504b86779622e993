using System.CommandLine;
using VaeOnnx.Contract;

namespace VaeOnnx.CommandLine;

/// <summary>
/// The options several programs take, declared once: the same name, help name, description and validation in
/// <c>vae-train</c>, <c>vae</c>, <c>vae-evaluate</c> and <c>vae-bench</c>. Where programs need another default or a
/// sharper description they pass it; the rest is shared.
/// </summary>
public static class SharedOptions
{
    /// <summary>Default model folder.</summary>
    public const string DefaultModels = "models";

    /// <summary>Default dataset folder (the embedded MNIST).</summary>
    public const string DefaultData = "data/mnist";

    /// <summary><c>--models DIR</c>: the model folder.</summary>
    public static Option<string> Models(string description = "model folder with encoder.onnx and decoder.onnx") =>
        CliOptions.Text("--models", description, DefaultModels, "DIR");

    /// <summary><c>--data DIR</c>: an MNIST-layout IDX dataset folder.</summary>
    public static Option<string> Data(string description = "folder with the four MNIST-layout IDX files (.gz or raw)", ConfiguredValue? configured = null) =>
        CliOptions.Text("--data", description, DefaultData, "DIR", configured);

    /// <summary><c>--device auto|cpu|cuda</c>.</summary>
    public static Option<ExecutionDevice> Device(string description = "where to run: auto (CUDA when it loads, else CPU), cpu or cuda",
        ConfiguredValue? configured = null) =>
        CliOptions.Choice("--device", description, ExecutionDevice.Auto, configured);

    /// <summary><c>--threads N</c>: CPU threads, 0 for all cores.</summary>
    public static Option<int> Threads(int defaultValue = 0, string description = "CPU threads, 0 = all cores", ConfiguredValue? configured = null) =>
        CliOptions.Int("--threads", description, defaultValue, 0, 1024, configured);

    /// <summary><c>--seed N</c>.</summary>
    public static Option<int> Seed(int defaultValue, string description, ConfiguredValue? configured = null) =>
        CliOptions.Int("--seed", description, defaultValue, 0, int.MaxValue, configured);

    /// <summary><c>--out DIR</c>: an output folder.</summary>
    public static Option<string> OutFolder(string defaultValue, string description, ConfiguredValue? configured = null) =>
        CliOptions.Text("--out", description, defaultValue, "DIR", configured);

    /// <summary><c>-o, --out FILE</c>: a required output file.</summary>
    public static Option<string> OutFile(string description) =>
        CliOptions.RequiredText("--out", description, "FILE", "-o");
}
