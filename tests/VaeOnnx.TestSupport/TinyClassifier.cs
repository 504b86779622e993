using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using VaeOnnx.Contract;

namespace VaeOnnx.TestSupport;

/// <summary>
/// A small latent classifier with seeded random weights, written as a hand-built <c>classifier.onnx</c> in the layout
/// of <see cref="LatentClassifierContract"/> (mu → Gemm(transB) → Relu → Gemm → Softmax → probabilities), with a
/// plain C# reference of the same maths. Its metadata names the VAE it belongs to by that VAE's signature.
/// </summary>
public sealed class TinyClassifier
{
    private TinyClassifier(VaeSignature vae, int hidden, int classes, int seed)
    {
        Vae = vae;
        Hidden = hidden;
        Classes = classes;
        var random = new Random(seed);
        float[] Init(int count, float scale) => [.. Enumerable.Range(0, count).Select(_ => ((float)random.NextDouble() * 2f - 1f) * scale)];
        W1 = Init(hidden * vae.LatentDim, 1.5f);
        B1 = Init(hidden, 0.3f);
        W2 = Init(classes * hidden, 1.5f);
        B2 = Init(classes, 0.3f);
    }

    /// <summary>The signature of the VAE whose latents the classifier reads.</summary>
    public VaeSignature Vae { get; }
    public int Hidden { get; }
    public int Classes { get; }
    public float[] W1 { get; }
    public float[] B1 { get; }
    public float[] W2 { get; }
    public float[] B2 { get; }

    public static TinyClassifier Create(VaeSignature vae, int hidden = 8, int classes = 10, int seed = 5) => new(vae, hidden, classes, seed);

    /// <summary>The metadata the trainer writes.</summary>
    public Dictionary<string, string> Metadata() => new()
    {
        [OnnxMetadataKeys.Role] = OnnxMetadataKeys.Roles.Classifier,
        [OnnxMetadataKeys.Signature] = Vae.ToJson(),
        [LatentClassifierContract.ClassesKey] = Classes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [LatentClassifierContract.HiddenKey] = Hidden.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Writes <c>classifier.onnx</c> into <paramref name="directory"/>; the optional arguments break it in the ways the tests need.</summary>
    public string Write(string directory, Dictionary<string, string>? metadata = null, string input = LatentClassifierContract.Input,
        bool staticBatch = false)
    {
        Directory.CreateDirectory(directory);
        var graph = new GraphProto { Name = "latent_classifier" };
        graph.Input.Add(ValueInfo(input, Vae.LatentDim, staticBatch));
        graph.Output.Add(ValueInfo(LatentClassifierContract.Output, Classes, staticBatch));
        graph.Initializer.Add(Tensor("w1", W1, Hidden, Vae.LatentDim));
        graph.Initializer.Add(Tensor("b1", B1, Hidden));
        graph.Initializer.Add(Tensor("w2", W2, Classes, Hidden));
        graph.Initializer.Add(Tensor("b2", B2, Classes));
        graph.Node.Add(Node("Gemm", [input, "w1", "b1"], "h_pre", ("transB", 1)));
        graph.Node.Add(Node("Relu", ["h_pre"], "h"));
        graph.Node.Add(Node("Gemm", ["h", "w2", "b2"], "logits", ("transB", 1)));
        graph.Node.Add(Node("Softmax", ["logits"], LatentClassifierContract.Output, ("axis", 1)));
        var model = new ModelProto { IrVersion = 8, ProducerName = OnnxMetadataKeys.ProducerName, Domain = OnnxMetadataKeys.Domain, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        foreach (var (key, value) in metadata ?? Metadata())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        string path = Path.Combine(directory, ArtifactNames.Classifier);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Reference: softmax(W2·relu(W1·μ + b1) + b2) per code, [N, Classes].</summary>
    public float[] ProbabilitiesReference(ReadOnlySpan<float> mu)
    {
        int d = Vae.LatentDim, n = mu.Length / d;
        var result = new float[n * Classes];
        var h = new double[Hidden];
        var logits = new double[Classes];
        for (int i = 0; i < n; i++)
        {
            for (int o = 0; o < Hidden; o++)
            {
                double s = B1[o];
                for (int c = 0; c < d; c++)
                {
                    s += (double)W1[(o * d) + c] * mu[(i * d) + c];
                }
                h[o] = Math.Max(0, s);
            }
            for (int k = 0; k < Classes; k++)
            {
                double s = B2[k];
                for (int o = 0; o < Hidden; o++)
                {
                    s += W2[(k * Hidden) + o] * h[o];
                }
                logits[k] = s;
            }
            double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
            for (int k = 0; k < Classes; k++)
            {
                result[(i * Classes) + k] = (float)(Math.Exp(logits[k] - max) / sum);
            }
        }
        return result;
    }

    private static ValueInfoProto ValueInfo(string name, int width, bool staticBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(staticBatch ? new TensorShapeProto.Types.Dimension { DimValue = 1 } : new TensorShapeProto.Types.Dimension { DimParam = OnnxMetadataKeys.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, float[] data, params int[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims.Select(d => (long)d));
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan()));
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string output, params (string Name, long Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{output}" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes.Select(a => new AttributeProto { Name = a.Name, Type = AttributeProto.Types.AttributeType.Int, I = a.Value }));
        return node;
    }
}
