using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VaeOnnx.Contract;

namespace VaeOnnx.Inference;

// Graph validation: roles, the signature of both halves, and every input and output shape derived from it.
public sealed partial class VaeModel
{
    private sealed record ModelFacts(VaeSignature Signature,
        IReadOnlyDictionary<string, string> EncoderMetadata, IReadOnlyDictionary<string, string> DecoderMetadata);

    private static ModelFacts Validate(string encoderPath, InferenceSession encoder, string decoderPath, InferenceSession decoder)
    {
        var encoderMeta = ReadMetadata(encoder);
        var decoderMeta = ReadMetadata(decoder);
        CheckRole(encoderPath, encoderMeta, OnnxMetadataKeys.Roles.Encoder);
        CheckRole(decoderPath, decoderMeta, OnnxMetadataKeys.Roles.Decoder);
        var signature = ReadSignature(encoderPath, encoderMeta);
        var decoderSignature = ReadSignature(decoderPath, decoderMeta);
        if (signature != decoderSignature)
        {
            throw new VaeModelException(decoderPath, VaeModelFault.Invalid,
                $"signature ({decoderSignature.Describe()}) disagrees with {ArtifactNames.Encoder} ({signature.Describe()}): the two halves come from different models");
        }

        var names = signature.Tensors;
        int[] image = [-1, signature.Image.Channels, signature.Image.Height, signature.Image.Width];
        int[] latent = [-1, signature.LatentDim];
        var label = signature.IsConditional ? new[] { new Port(names.Label, TensorElementType.Int64, [-1]) } : [];
        CheckInputs(encoderPath, encoder.InputMetadata, [new Port(names.EncoderInput, TensorElementType.Float, image), .. label]);
        CheckOutput(encoderPath, encoder.OutputMetadata, new Port(names.Mu, TensorElementType.Float, latent));
        CheckOutput(encoderPath, encoder.OutputMetadata, new Port(names.LogVar, TensorElementType.Float, latent));
        CheckInputs(decoderPath, decoder.InputMetadata, [new Port(names.DecoderInput, TensorElementType.Float, latent), .. label]);
        CheckOutput(decoderPath, decoder.OutputMetadata, new Port(names.DecoderOutput, TensorElementType.Float, image));
        return new ModelFacts(signature, encoderMeta, decoderMeta);
    }

    /// <summary>An input or output the signature requires: name, element type, shape (-1 = the dynamic batch).</summary>
    private sealed record Port(string Name, TensorElementType Type, int[] Shape);

    private static VaeSignature ReadSignature(string path, IReadOnlyDictionary<string, string> metadata)
    {
        try
        {
            return VaeSignature.FromMetadata(metadata);
        }
        catch (SignatureException e)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, e.Message, e);
        }
    }

    private static ReadOnlyDictionary<string, string> ReadMetadata(InferenceSession session)
    {
        var metadata = session.ModelMetadata;
        return new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal));
    }

    private static void CheckRole(string path, IReadOnlyDictionary<string, string> metadata, string expected)
    {
        if (!metadata.TryGetValue(OnnxMetadataKeys.Role, out string? role))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no '{OnnxMetadataKeys.Role}' metadata: not a VaeOnnx {expected} export");
        }
        if (role != expected)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"metadata role is '{role}', expected '{expected}' (encoder and decoder files swapped?)");
        }
    }

    private static void CheckInputs(string path, IReadOnlyDictionary<string, NodeMetadata> nodes, Port[] expected)
    {
        if (nodes.Count != expected.Length || expected.Any(p => !nodes.ContainsKey(p.Name)))
        {
            string want = string.Join(", ", expected.Select(p => $"'{p.Name}'"));
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"expected input{(expected.Length == 1 ? "" : "s")} {want}, graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        foreach (var port in expected)
        {
            CheckNode(path, "input", port, nodes[port.Name]);
        }
    }

    private static void CheckOutput(string path, IReadOnlyDictionary<string, NodeMetadata> nodes, Port expected)
    {
        if (!nodes.TryGetValue(expected.Name, out var node))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no output '{expected.Name}', graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        CheckNode(path, "output", expected, node);
    }

    /// <summary>Checks element type and shape; -1 in the expected shape means "must be dynamic" (the batch).</summary>
    private static void CheckNode(string path, string kind, Port expected, NodeMetadata node)
    {
        bool ok = node.IsTensor && node.ElementDataType == expected.Type && node.Dimensions.Length == expected.Shape.Length;
        for (int i = 0; ok && i < expected.Shape.Length; i++)
        {
            int actual = node.Dimensions[i];
            // The batch must be dynamic; other dimensions must match (a symbolic one is accepted and checked at run time).
            ok = expected.Shape[i] < 0 ? actual < 0 : actual == expected.Shape[i] || actual < 0;
        }
        if (!ok)
        {
            string want = $"{TypeName(expected.Type)} [N{string.Concat(expected.Shape.Skip(1).Select(d => "," + d.ToString(CultureInfo.InvariantCulture)))}]";
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"{kind} '{expected.Name}' is {Describe(node)}, expected {want} with a dynamic batch dimension");
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
        return $"{TypeName(node.ElementDataType)} [{string.Join(",", dims)}]";
    }

    private static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        var t => t.ToString().ToLowerInvariant(),
    };
}
