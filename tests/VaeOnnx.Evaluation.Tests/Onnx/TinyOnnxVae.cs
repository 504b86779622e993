using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using VaeOnnx.Inference.Models;

namespace VaeOnnx.Evaluation.Tests.Onnx;

/// <summary>
/// A small fully connected VAE (784-h-latent) with seeded random weights, written as ONNX graphs in the layout and
/// with the metadata of the trainer's exporter, so the evaluation can be run through the real ONNX Runtime path.
/// </summary>
internal static class TinyOnnxVae
{
    private const int Pixels = VaeContract.ImageSize;

    /// <summary>Writes encoder.onnx and decoder.onnx into <paramref name="directory"/>.</summary>
    public static void Write(string directory, int latent = 2, int hidden = 16, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        float[] Init(int rows, int cols, float scale)
        {
            float bound = scale / MathF.Sqrt(cols);
            return [.. Enumerable.Range(0, rows * cols).Select(_ => ((float)random.NextDouble() * 2f - 1f) * bound)];
        }
        var metadata = new Dictionary<string, string>
        {
            [VaeContract.Keys.Architecture] = $"fc 784-{hidden}-{latent}",
            [VaeContract.Keys.LatentDim] = latent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [VaeContract.Keys.HiddenDim] = hidden.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [VaeContract.Keys.InputShape] = "1x28x28",
            [VaeContract.Keys.PixelScaling] = "x/255",
            [VaeContract.Keys.Dataset] = "synthetic",
        };

        var encoder = new GraphProto { Name = "vae_encoder" };
        encoder.Input.Add(ValueInfo(VaeContract.EncoderInput, [-1, 1, 28, 28]));
        encoder.Output.Add(ValueInfo(VaeContract.EncoderMu, [-1, latent]));
        encoder.Output.Add(ValueInfo(VaeContract.EncoderLogVar, [-1, latent]));
        encoder.Initializer.Add(Tensor("w1", Init(hidden, Pixels, 3f), hidden, Pixels));
        encoder.Initializer.Add(Tensor("b1", Init(1, hidden, 0.3f), hidden));
        encoder.Initializer.Add(Tensor("w_mu", Init(latent, hidden, 2f), latent, hidden));
        encoder.Initializer.Add(Tensor("b_mu", Init(1, latent, 0.3f), latent));
        encoder.Initializer.Add(Tensor("w_logvar", Init(latent, hidden, 1f), latent, hidden));
        encoder.Initializer.Add(Tensor("b_logvar", Init(1, latent, 0.3f), latent));
        encoder.Node.Add(Node("Flatten", [VaeContract.EncoderInput], ["flat"], IntAttribute("axis", 1)));
        encoder.Node.Add(Node("Gemm", ["flat", "w1", "b1"], ["h_pre"], IntAttribute("transB", 1)));
        encoder.Node.Add(Node("Relu", ["h_pre"], ["h"]));
        encoder.Node.Add(Node("Gemm", ["h", "w_mu", "b_mu"], [VaeContract.EncoderMu], IntAttribute("transB", 1)));
        encoder.Node.Add(Node("Gemm", ["h", "w_logvar", "b_logvar"], [VaeContract.EncoderLogVar], IntAttribute("transB", 1)));
        Save(Path.Combine(directory, VaeContract.EncoderFile), encoder, metadata, VaeContract.Roles.Encoder);

        var decoder = new GraphProto { Name = "vae_decoder" };
        decoder.Input.Add(ValueInfo(VaeContract.DecoderInput, [-1, latent]));
        decoder.Output.Add(ValueInfo(VaeContract.DecoderOutput, [-1, 1, 28, 28]));
        decoder.Initializer.Add(Tensor("w2", Init(hidden, latent, 2f), hidden, latent));
        decoder.Initializer.Add(Tensor("b2", Init(1, hidden, 0.3f), hidden));
        decoder.Initializer.Add(Tensor("w3", Init(Pixels, hidden, 3f), Pixels, hidden));
        decoder.Initializer.Add(Tensor("b3", Init(1, Pixels, 0.3f), Pixels));
        var shape = new TensorProto { Name = "image_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(4);
        shape.Int64Data.Add([-1L, 1, 28, 28]);
        decoder.Initializer.Add(shape);
        decoder.Node.Add(Node("Gemm", [VaeContract.DecoderInput, "w2", "b2"], ["h_pre"], IntAttribute("transB", 1)));
        decoder.Node.Add(Node("Relu", ["h_pre"], ["h"]));
        decoder.Node.Add(Node("Gemm", ["h", "w3", "b3"], ["logits"], IntAttribute("transB", 1)));
        decoder.Node.Add(Node("Sigmoid", ["logits"], ["probs"]));
        decoder.Node.Add(Node("Reshape", ["probs", "image_shape"], [VaeContract.DecoderOutput]));
        Save(Path.Combine(directory, VaeContract.DecoderFile), decoder, metadata, VaeContract.Roles.Decoder);
    }

    private static void Save(string path, GraphProto graph, Dictionary<string, string> metadata, string role)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = VaeContract.ProducerName, Domain = VaeContract.Domain, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = VaeContract.Keys.Role, Value = role });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static ValueInfoProto ValueInfo(string name, int[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (int d in dims)
        {
            shape.Dim.Add(d < 0
                ? new TensorShapeProto.Types.Dimension { DimParam = VaeContract.BatchDimension }
                : new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, float[] data, params int[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int d in dims)
        {
            tensor.Dims.Add(d);
        }
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan()));
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
