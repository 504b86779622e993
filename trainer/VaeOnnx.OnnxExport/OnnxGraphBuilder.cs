using Onnx;

namespace VaeOnnx.OnnxExport;

/// <summary>
/// Builds an ONNX graph (opset 17, IR version 8) from TorchSharp modules and a few tensor operations.
/// Declare inputs, push values through modules or operations, declare outputs, then <see cref="Build"/>:
/// <code>
/// var g = new OnnxGraphBuilder("encoder");
/// var x = g.Input("image", [OnnxDim.Batch, 1, 32, 32]);
/// var h = g.Module(encoder.Hidden, g.Flatten(x), "encoder.hidden");
/// g.Output("mu", g.Module(encoder.Mu, h, "encoder.mu"));
/// ModelProto model = g.Build(new OnnxModelInfo { ProducerName = "MyApp" });
/// </code>
/// Weights become raw little-endian initializers named after the module path (<c>encoder.hidden.fc.weight</c>).
/// The graph always describes inference (eval-mode) behaviour, whatever the modules' training flag says.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>The default-domain operator set the graphs use; ONNX Runtime 1.14+ and onnx 1.12's checker accept it.</summary>
    public const long OpsetVersion = 17;

    /// <summary>The ONNX IR version written into models (IR 8 goes with opset 17).</summary>
    public const long IrVersion = 8;

    private readonly GraphProto _graph;
    // Every tensor name in the graph (inputs, initializers, node outputs): ONNX requires them unique.
    private readonly HashSet<string> _valueNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    // Initializer name -> native handle of the TorchSharp tensor it came from, so that exporting the same
    // module twice under one prefix shares the weights instead of failing (or silently duplicating them).
    private readonly Dictionary<string, IntPtr> _initializerSources = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph called <paramref name="graphName"/>.</summary>
    public OnnxGraphBuilder(string graphName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph's name.</summary>
    public string Name => _graph.Name;

    /// <summary>Declares a float32 graph input. Symbolic dimensions (e.g. <see cref="OnnxDim.Batch"/>) stay dynamic.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dimension is unknown.</exception>
    public OnnxValue Input(string name, ReadOnlySpan<OnnxDim> shape) => Input(name, shape, TensorProto.Types.DataType.Float);

    /// <summary>Declares an int64 graph input, e.g. class labels for <see cref="OneHot"/>.</summary>
    /// <exception cref="ArgumentException">The name is taken or a dimension is unknown.</exception>
    public OnnxValue Int64Input(string name, ReadOnlySpan<OnnxDim> shape) => Input(name, shape, TensorProto.Types.DataType.Int64);

    private OnnxValue Input(string name, ReadOnlySpan<OnnxDim> shape, TensorProto.Types.DataType elementType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (OnnxDim dim in shape)
        {
            if (!dim.IsFixed && dim.Param is null)
            {
                throw new ArgumentException($"Input '{name}': every dimension must be fixed or symbolic.", nameof(shape));
            }
        }
        ClaimValueName(name);
        OnnxDim[] dims = shape.ToArray();
        _graph.Input.Add(ValueInfo(name, dims, elementType));
        return new OnnxValue(this, name, dims);
    }

    /// <summary>
    /// Declares <paramref name="value"/> as a graph output called <paramref name="name"/>. When
    /// <paramref name="shape"/> is given it is written instead of the inferred shape and must agree with it.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken or the shapes disagree.</exception>
    public void Output(string name, OnnxValue value, ReadOnlySpan<OnnxDim> shape = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckOwned(value);
        IReadOnlyList<OnnxDim> dims = value.Shape;
        if (!shape.IsEmpty)
        {
            CheckDeclaredShape(name, value, shape);
            dims = shape.ToArray();
        }
        // Node outputs carry builder-made names; an Identity gives the output its public name without renaming
        // tensors that other nodes already consume. ONNX Runtime removes it when optimizing the session.
        ClaimValueName(name);
        _graph.Node.Add(NewNode("Identity", name, [value.Name], [name]));
        _graph.Output.Add(ValueInfo(name, dims, TensorProto.Types.DataType.Float));
    }

    /// <summary>
    /// Returns a complete model: this graph, opset 17, IR 8 and the fields of <paramref name="info"/>.
    /// The builder can keep going afterwards; the returned model is a snapshot.
    /// </summary>
    /// <exception cref="InvalidOperationException">The graph has no output.</exception>
    public ModelProto Build(OnnxModelInfo? info = null)
    {
        info ??= new OnnxModelInfo();
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{Name}' has no outputs; call Output(...) before Build().");
        }
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = info.ProducerName,
            ProducerVersion = info.ProducerVersion,
            Domain = info.Domain,
            ModelVersion = info.ModelVersion,
            DocString = info.DocString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach ((string key, string value) in info.Metadata)
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("Metadata keys must not be empty.", nameof(info));
            }
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value ?? "" });
        }
        return model;
    }

    private void CheckOwned(OnnxValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!ReferenceEquals(value.Owner, this))
        {
            throw new ArgumentException($"Value '{value.Name}' belongs to graph '{value.Owner.Name}', not '{Name}'.", nameof(value));
        }
    }

    private static void CheckDeclaredShape(string name, OnnxValue value, ReadOnlySpan<OnnxDim> declared)
    {
        bool agrees = declared.Length == value.Rank;
        for (int i = 0; agrees && i < declared.Length; i++)
        {
            OnnxDim inferred = value.Shape[i];
            // Only two fixed sizes can contradict each other; a symbolic or unknown side is a promise we cannot check.
            agrees = !(inferred.IsFixed && declared[i].IsFixed && inferred.Value != declared[i].Value);
        }
        if (!agrees)
        {
            throw new ArgumentException(
                $"Output '{name}' declared as {OnnxDim.Format(declared.ToArray())} but the graph computes {OnnxDim.Format(value.Shape)}.",
                nameof(declared));
        }
    }

    private void ClaimValueName(string name)
    {
        if (!_valueNames.Add(name))
        {
            throw new ArgumentException($"Graph '{Name}' already has a tensor named '{name}'.", nameof(name));
        }
    }

    /// <summary>A name not yet used in the graph: <paramref name="preferred"/>, else with a numeric suffix.</summary>
    private string UniqueValueName(string preferred)
    {
        string name = preferred;
        for (int i = 1; _valueNames.Contains(name); i++)
        {
            name = $"{preferred}_{i}";
        }
        _valueNames.Add(name);
        return name;
    }

    private string UniqueNodeName(string preferred)
    {
        string name = preferred;
        for (int i = 1; _nodeNames.Contains(name); i++)
        {
            name = $"{preferred}_{i}";
        }
        _nodeNames.Add(name);
        return name;
    }

    private static NodeProto NewNode(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name, Domain = "" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>
    /// Appends one node with a single output. <paramref name="scope"/> is the module path (or a caller-given
    /// name) the node belongs to; node and output names derive from it, like <c>encoder.hidden.fc/Gemm</c>.
    /// </summary>
    private OnnxValue AddNode(string opType, string? scope, IReadOnlyList<string> inputs, IReadOnlyList<OnnxDim> outputShape, params AttributeProto[] attributes)
    {
        string nodeName = UniqueNodeName(string.IsNullOrEmpty(scope) ? opType : $"{scope}/{opType}");
        string output = UniqueValueName($"{nodeName}_output");
        _graph.Node.Add(NewNode(opType, nodeName, inputs, [output], attributes));
        return new OnnxValue(this, output, outputShape);
    }

    private static ValueInfoProto ValueInfo(string name, IEnumerable<OnnxDim> shape, TensorProto.Types.DataType elementType)
    {
        var tensorShape = new TensorShapeProto();
        foreach (OnnxDim dim in shape)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (dim.Value is long size)
            {
                d.DimValue = size;
            }
            else if (dim.Param is string param)
            {
                d.DimParam = param;
            }
            tensorShape.Dim.Add(d);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape },
            },
        };
    }

    private static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
