using System.CommandLine;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using VaeOnnx.CommandLine;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Commands;

/// <summary><c>vae info [MODEL_DIR]</c>: what the model folder holds and which execution provider runs it.</summary>
internal static class InfoCommand
{
    public static Command Create(ModelOptions model)
    {
        var directory = new Argument<string?>("MODEL_DIR")
        {
            Description = "the model folder (default: --models)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("info", "model metadata, tensor shapes and execution provider") { directory };
        model.AddTo(command);
        command.SetAction(result =>
        {
            string? folder = result.GetValue(directory);
            if (folder is not null && result.IsGiven(model.Models))
            {
                throw new UsageException("give the model folder either as MODEL_DIR or as --models, not both");
            }
            using var vae = model.Load(result, folder);
            Print(result.Out(), vae);
        });
        return command;
    }

    private static void Print(TextWriter o, VaeModel model)
    {
        o.WriteLine($"model        {model.ModelDirectory}");
        o.WriteLine($"onnxruntime  {VaeModel.OnnxRuntimeVersion} (lists {string.Join(", ", VaeModel.AvailableProviders())})");
        o.WriteLine($"provider     {model.Provider}{(model.CudaUnavailableReason is { } why ? $" (CUDA unavailable: {why})" : "")}");
        o.WriteLine($"threads      {model.IntraOpThreads} intra-op per session");
        o.WriteLine($"signature    {model.Signature.Describe()}");
        o.WriteLine($"             {model.Signature.ToJson()}");
        var conditioning = model.Signature.Conditioning;
        o.WriteLine(conditioning.IsConditional
            ? $"labels       conditional on a label in 0..{conditioning.Classes - 1} (give --digit D or --labels FILE|LIST)"
            : "labels       none (not conditional)");
        o.WriteLine($"encoder      {Signature(model.EncoderSession)}");
        o.WriteLine($"decoder      {Signature(model.DecoderSession)}");
        Print(o, "encoder metadata", model.EncoderMetadata);
        Print(o, "decoder metadata", model.Metadata);
    }

    private static string Signature(InferenceSession session) =>
        $"{Describe(session.InputMetadata)} -> {Describe(session.OutputMetadata)}";

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n =>
        {
            var dims = n.Value.Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture)
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
