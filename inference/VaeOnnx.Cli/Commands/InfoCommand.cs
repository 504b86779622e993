using Microsoft.ML.OnnxRuntime;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

internal static class InfoCommand
{
    public static CommandSpec Spec { get; } = new(
        "info",
        "model metadata, tensor shapes and execution provider",
        "usage: vae info [MODEL_DIR] [options]\n\n" +
        "Prints what the model folder holds (metadata of both graphs, input/output names and shapes) and which\n" +
        "execution provider runs it. MODEL_DIR defaults to --models (default: models).\n\n" + CommonOptions.Help,
        CommonOptions.Model,
        MaxPositional: 1,
        Run);

    private static int Run(Invocation call)
    {
        string? directory = call.Args.Positional.Count > 0 ? call.Args.Positional[0] : null;
        if (directory is not null && call.Args.Has("--models"))
        {
            throw new UsageException("give the model folder either as MODEL_DIR or as --models, not both");
        }
        using var model = CommonOptions.Load(call, directory);
        var o = call.Out;
        o.WriteLine($"model        {model.ModelDirectory}");
        o.WriteLine($"onnxruntime  {VaeModel.OnnxRuntimeVersion} (lists {string.Join(", ", VaeModel.AvailableProviders())})");
        o.WriteLine($"provider     {model.Provider}{(model.CudaUnavailableReason is { } why ? $" (CUDA unavailable: {why})" : "")}");
        o.WriteLine($"threads      {model.IntraOpThreads} intra-op per session");
        o.WriteLine($"signature    {model.Signature.Describe()}");
        o.WriteLine($"             {model.Signature.ToJson()}");
        o.WriteLine($"encoder      {Signature(model.EncoderSession)}");
        o.WriteLine($"decoder      {Signature(model.DecoderSession)}");
        Print(o, "encoder metadata", model.EncoderMetadata);
        Print(o, "decoder metadata", model.Metadata);
        return 0;
    }

    private static string Signature(InferenceSession session) =>
        $"{Describe(session.InputMetadata)} -> {Describe(session.OutputMetadata)}";

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n =>
        {
            var dims = n.Value.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : i < n.Value.SymbolicDimensions.Length && n.Value.SymbolicDimensions[i].Length > 0 ? n.Value.SymbolicDimensions[i] : "?");
            return $"{n.Key} [{string.Join(",", dims)}]";
        }));

    private static void Print(TextWriter o, string title, IReadOnlyDictionary<string, string> metadata)
    {
        o.WriteLine($"{title}:");
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"  {key,-20} {value}");
        }
    }
}
