using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VaeOnnx.Inference.Models;

namespace VaeOnnx.Inference;

// Graph validation against VaeContract: roles, metadata, tensor names and shapes.
public sealed partial class VaeModel
{
    private sealed record ModelFacts(int LatentDim, int HiddenDim,
        IReadOnlyDictionary<string, string> EncoderMetadata, IReadOnlyDictionary<string, string> DecoderMetadata);

    private static ModelFacts Validate(string encoderPath, InferenceSession encoder, string decoderPath, InferenceSession decoder)
    {
        var encoderMeta = ReadMetadata(encoder);
        var decoderMeta = ReadMetadata(decoder);
        CheckRole(encoderPath, encoderMeta, VaeContract.Roles.Encoder);
        CheckRole(decoderPath, decoderMeta, VaeContract.Roles.Decoder);
        int latent = ReadPositive(encoderPath, encoderMeta, VaeContract.Keys.LatentDim, required: true);
        int decoderLatent = ReadPositive(decoderPath, decoderMeta, VaeContract.Keys.LatentDim, required: true);
        if (latent != decoderLatent)
        {
            throw new VaeModelException(decoderPath, VaeModelFault.Invalid,
                $"latent_dim {decoderLatent} disagrees with {VaeContract.EncoderFile} (latent_dim {latent}): the two halves come from different models");
        }
        int hidden = ReadPositive(encoderPath, encoderMeta, VaeContract.Keys.HiddenDim, required: false);
        int decoderHidden = ReadPositive(decoderPath, decoderMeta, VaeContract.Keys.HiddenDim, required: false);
        if (hidden != 0 && decoderHidden != 0 && hidden != decoderHidden)
        {
            throw new VaeModelException(decoderPath, VaeModelFault.Invalid,
                $"hidden_dim {decoderHidden} disagrees with {VaeContract.EncoderFile} (hidden_dim {hidden}): the two halves come from different models");
        }

        CheckSingle(encoderPath, "input", encoder.InputMetadata, VaeContract.EncoderInput, [-1, 1, 28, 28]);
        CheckOutput(encoderPath, encoder.OutputMetadata, VaeContract.EncoderMu, [-1, latent]);
        CheckOutput(encoderPath, encoder.OutputMetadata, VaeContract.EncoderLogVar, [-1, latent]);
        CheckSingle(decoderPath, "input", decoder.InputMetadata, VaeContract.DecoderInput, [-1, latent]);
        CheckOutput(decoderPath, decoder.OutputMetadata, VaeContract.DecoderOutput, [-1, 1, 28, 28]);
        return new ModelFacts(latent, Math.Max(hidden, decoderHidden), encoderMeta, decoderMeta);
    }

    private static ReadOnlyDictionary<string, string> ReadMetadata(InferenceSession session)
    {
        var metadata = session.ModelMetadata;
        return new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal));
    }

    private static void CheckRole(string path, IReadOnlyDictionary<string, string> metadata, string expected)
    {
        if (!metadata.TryGetValue(VaeContract.Keys.Role, out string? role))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no '{VaeContract.Keys.Role}' metadata: not a VaeOnnx {expected} export");
        }
        if (role != expected)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"metadata role is '{role}', expected '{expected}' (encoder and decoder files swapped?)");
        }
    }

    private static int ReadPositive(string path, IReadOnlyDictionary<string, string> metadata, string key, bool required)
    {
        if (!metadata.TryGetValue(key, out string? text))
        {
            return required
                ? throw new VaeModelException(path, VaeModelFault.Invalid, $"no '{key}' metadata: not a VaeOnnx export")
                : 0;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, $"metadata '{key}' is '{text}', expected a positive integer");
        }
        return value;
    }

    private static void CheckSingle(string path, string kind, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] shape)
    {
        if (nodes.Count != 1 || !nodes.ContainsKey(name))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"expected one {kind} '{name}', graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        CheckNode(path, kind, name, nodes[name], shape);
    }

    private static void CheckOutput(string path, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] shape)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no output '{name}', graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        CheckNode(path, "output", name, node, shape);
    }

    /// <summary>Checks element type and shape; -1 in <paramref name="expected"/> means "must be dynamic" (the batch).</summary>
    private static void CheckNode(string path, string kind, string name, NodeMetadata node, int[] expected)
    {
        bool ok = node.IsTensor && node.ElementDataType == TensorElementType.Float && node.Dimensions.Length == expected.Length;
        for (int i = 0; ok && i < expected.Length; i++)
        {
            int actual = node.Dimensions[i];
            // The batch must be dynamic; other dimensions must match (a symbolic one is accepted and checked at run time).
            ok = expected[i] < 0 ? actual < 0 : actual == expected[i] || actual < 0;
        }
        if (!ok)
        {
            string want = "float32 [N," + string.Join(",", expected.Skip(1)) + "]";
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"{kind} '{name}' is {Describe(node)}, expected {want} with a dynamic batch dimension");
        }
    }

    private static string Describe(NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            return node.OnnxValueType.ToString();
        }
        var dims = node.Dimensions.Select((d, i) =>
            d >= 0 ? d.ToString(CultureInfo.InvariantCulture)
            : i < node.SymbolicDimensions.Length && !string.IsNullOrEmpty(node.SymbolicDimensions[i]) ? node.SymbolicDimensions[i] : "?");
        string type = node.ElementDataType switch
        {
            TensorElementType.Float => "float32",
            TensorElementType.Double => "float64",
            var t => t.ToString().ToLowerInvariant(),
        };
        return $"{type} [{string.Join(",", dims)}]";
    }
}
