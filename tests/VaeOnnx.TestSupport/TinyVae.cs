using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using VaeOnnx.Contract;

namespace VaeOnnx.TestSupport;

/// <summary>
/// A small fully connected VAE with seeded random weights, written as hand-built ONNX graphs in the layout the
/// trainer's exporter produces (Flatten → Gemm(transB) → Relu → Gemm ×2; Gemm → Relu → Gemm → Sigmoid → Reshape),
/// plus a plain C# reference of the same maths to check ONNX Runtime's answers against. With classes &gt; 0 it is a
/// conditional VAE: an int64 label input, one-hot by Gather, concatenated to the flat image and to z.
/// </summary>
public sealed class TinyVae
{
    private static readonly TensorNames Names = TensorNames.Default;
    private static readonly int Pixels = ImageShape.Mnist.Size;

    private TinyVae(int latent, int hidden, int seed, int classes)
    {
        Latent = latent;
        Hidden = hidden;
        Classes = classes;
        var random = new Random(seed);
        float[] Init(int rows, int cols, float scale)
        {
            var w = new float[rows * cols];
            float bound = scale / MathF.Sqrt(cols);
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = ((float)random.NextDouble() * 2f - 1f) * bound;
            }
            return w;
        }
        W1 = Init(hidden, Pixels + classes, 3f);
        B1 = Init(1, hidden, 0.3f);
        WMu = Init(latent, hidden, 2f);
        BMu = Init(1, latent, 0.3f);
        WLogVar = Init(latent, hidden, 1f);
        BLogVar = Init(1, latent, 0.3f);
        W2 = Init(hidden, latent + classes, 2f);
        B2 = Init(1, hidden, 0.3f);
        W3 = Init(Pixels, hidden, 3f);
        B3 = Init(1, Pixels, 0.3f);
    }

    public int Latent { get; }
    public int Hidden { get; }

    /// <summary>Classes of the label a conditional model takes; 0 for an unconditional one.</summary>
    public int Classes { get; }
    public float[] W1 { get; }
    public float[] B1 { get; }
    public float[] WMu { get; }
    public float[] BMu { get; }
    public float[] WLogVar { get; }
    public float[] BLogVar { get; }
    public float[] W2 { get; }
    public float[] B2 { get; }
    public float[] W3 { get; }
    public float[] B3 { get; }

    public static TinyVae Create(int latent = 2, int hidden = 16, int seed = 1, int classes = 0) => new(latent, hidden, seed, classes);

    /// <summary>What the exporter would write for this model.</summary>
    public VaeSignature Signature => VaeSignature.Mlp(Hidden, Latent) with
    {
        Conditioning = Classes > 0 ? Conditioning.ClassLabel(Classes) : Conditioning.None,
    };

    /// <summary>The metadata the exporter writes.</summary>
    public Dictionary<string, string> Metadata(string role) => new()
    {
        [OnnxMetadataKeys.Role] = role,
        [OnnxMetadataKeys.Signature] = Signature.ToJson(),
        [OnnxMetadataKeys.Dataset] = "tiny-test",
    };

    /// <summary>Writes encoder.onnx and decoder.onnx into <paramref name="directory"/>; returns it.</summary>
    public string WriteModel(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteEncoder(Path.Combine(directory, ArtifactNames.Encoder));
        WriteDecoder(Path.Combine(directory, ArtifactNames.Decoder));
        return directory;
    }

    /// <summary>Writes the encoder; the optional arguments break it in the ways the tests need.</summary>
    public void WriteEncoder(string path, Dictionary<string, string>? metadata = null, bool flatInput = false, bool staticBatch = false)
    {
        var graph = new GraphProto { Name = "vae_encoder" };
        graph.Input.Add(ValueInfo(Names.EncoderInput, flatInput ? [-1, Pixels] : [-1, 1, 28, 28], staticBatch));
        graph.Output.Add(ValueInfo(Names.Mu, [-1, Latent], staticBatch));
        graph.Output.Add(ValueInfo(Names.LogVar, [-1, Latent], staticBatch));
        graph.Initializer.Add(Tensor("w1", W1, Hidden, Pixels + Classes));
        graph.Initializer.Add(Tensor("b1", B1, Hidden));
        graph.Initializer.Add(Tensor("w_mu", WMu, Latent, Hidden));
        graph.Initializer.Add(Tensor("b_mu", BMu, Latent));
        graph.Initializer.Add(Tensor("w_logvar", WLogVar, Latent, Hidden));
        graph.Initializer.Add(Tensor("b_logvar", BLogVar, Latent));
        string flat = Names.EncoderInput;
        if (!flatInput)
        {
            graph.Node.Add(Node("Flatten", [Names.EncoderInput], ["flat"], IntAttribute("axis", 1)));
            flat = "flat";
        }
        flat = Condition(graph, flat);
        graph.Node.Add(Node("Gemm", [flat, "w1", "b1"], ["h_pre"], IntAttribute("transB", 1)));
        graph.Node.Add(Node("Relu", ["h_pre"], ["h"]));
        graph.Node.Add(Node("Gemm", ["h", "w_mu", "b_mu"], [Names.Mu], IntAttribute("transB", 1)));
        graph.Node.Add(Node("Gemm", ["h", "w_logvar", "b_logvar"], [Names.LogVar], IntAttribute("transB", 1)));
        Save(path, graph, metadata ?? Metadata(OnnxMetadataKeys.Roles.Encoder));
    }

    /// <summary>Writes the decoder; the optional arguments break it in the ways the tests need.</summary>
    public void WriteDecoder(string path, Dictionary<string, string>? metadata = null)
    {
        var graph = new GraphProto { Name = "vae_decoder" };
        graph.Input.Add(ValueInfo(Names.DecoderInput, [-1, Latent], false));
        graph.Output.Add(ValueInfo(Names.DecoderOutput, [-1, 1, 28, 28], false));
        graph.Initializer.Add(Tensor("w2", W2, Hidden, Latent + Classes));
        graph.Initializer.Add(Tensor("b2", B2, Hidden));
        graph.Initializer.Add(Tensor("w3", W3, Pixels, Hidden));
        graph.Initializer.Add(Tensor("b3", B3, Pixels));
        var shape = new TensorProto { Name = "image_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        shape.Dims.Add(4);
        shape.Int64Data.Add([-1L, 1, 28, 28]);
        graph.Initializer.Add(shape);
        string z = Condition(graph, Names.DecoderInput);
        graph.Node.Add(Node("Gemm", [z, "w2", "b2"], ["h_pre"], IntAttribute("transB", 1)));
        graph.Node.Add(Node("Relu", ["h_pre"], ["h"]));
        graph.Node.Add(Node("Gemm", ["h", "w3", "b3"], ["logits"], IntAttribute("transB", 1)));
        graph.Node.Add(Node("Sigmoid", ["logits"], ["probs"]));
        graph.Node.Add(Node("Reshape", ["probs", "image_shape"], [Names.DecoderOutput]));
        Save(path, graph, metadata ?? Metadata(OnnxMetadataKeys.Roles.Decoder));
    }

    /// <summary>For a conditional model: a label input, its one-hot code, and <paramref name="input"/> with the code appended.</summary>
    private string Condition(GraphProto graph, string input)
    {
        if (Classes == 0)
        {
            return input;
        }
        if (!graph.Input.Any(i => i.Name == Names.Label))
        {
            var label = ValueInfo(Names.Label, [-1], false);
            label.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64;
            graph.Input.Add(label);
            var identity = new float[Classes * Classes];
            for (int c = 0; c < Classes; c++)
            {
                identity[(c * Classes) + c] = 1f;
            }
            graph.Initializer.Add(Tensor("identity", identity, Classes, Classes));
            graph.Node.Add(Node("Gather", ["identity", Names.Label], ["one_hot"], IntAttribute("axis", 0)));
        }
        graph.Node.Add(Node("Concat", [input, "one_hot"], [input + "_conditioned"], IntAttribute("axis", 1)));
        return input + "_conditioned";
    }

    /// <summary>Reference encoder: images [N,784] in [0,1] (and labels, when conditional) → (mu, logvar) [N,latent].</summary>
    public (float[] Mu, float[] LogVar) EncodeReference(ReadOnlySpan<float> images, ReadOnlySpan<int> labels = default)
    {
        int n = images.Length / Pixels;
        var mu = new float[n * Latent];
        var logVar = new float[n * Latent];
        for (int i = 0; i < n; i++)
        {
            var h = Relu(Affine(WithLabel(images.Slice(i * Pixels, Pixels), labels, i), W1, B1, Hidden));
            Affine(h, WMu, BMu, Latent).CopyTo(mu, i * Latent);
            Affine(h, WLogVar, BLogVar, Latent).CopyTo(logVar, i * Latent);
        }
        return (mu, logVar);
    }

    /// <summary>Reference decoder: z [N,latent] (and labels, when conditional) → images [N,784].</summary>
    public float[] DecodeReference(ReadOnlySpan<float> z, ReadOnlySpan<int> labels = default)
    {
        int n = z.Length / Latent;
        var images = new float[n * Pixels];
        for (int i = 0; i < n; i++)
        {
            var h = Relu(Affine(WithLabel(z.Slice(i * Latent, Latent), labels, i), W2, B2, Hidden));
            var logits = Affine(h, W3, B3, Pixels);
            for (int p = 0; p < Pixels; p++)
            {
                images[(i * Pixels) + p] = 1f / (1f + MathF.Exp(-logits[p]));
            }
        }
        return images;
    }

    /// <summary>The row, followed by the one-hot code of its label for a conditional model.</summary>
    private float[] WithLabel(ReadOnlySpan<float> row, ReadOnlySpan<int> labels, int index)
    {
        var x = new float[row.Length + Classes];
        row.CopyTo(x);
        if (Classes > 0)
        {
            x[row.Length + labels[index]] = 1f;
        }
        return x;
    }

    private static float[] Affine(ReadOnlySpan<float> x, float[] w, float[] b, int outputs)
    {
        var y = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = b[o];
            for (int i = 0; i < x.Length; i++)
            {
                sum += (double)w[(o * x.Length) + i] * x[i];
            }
            y[o] = (float)sum;
        }
        return y;
    }

    private static float[] Relu(float[] x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Max(0f, x[i]);
        }
        return x;
    }

    private static void Save(string path, GraphProto graph, Dictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = OnnxMetadataKeys.ProducerName,
            Domain = OnnxMetadataKeys.Domain,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static ValueInfoProto ValueInfo(string name, int[] dims, bool staticBatch)
    {
        var shape = new TensorShapeProto();
        foreach (int d in dims)
        {
            shape.Dim.Add(d < 0
                ? staticBatch ? new TensorShapeProto.Types.Dimension { DimValue = 1 } : new TensorShapeProto.Types.Dimension { DimParam = OnnxMetadataKeys.BatchDimension }
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
