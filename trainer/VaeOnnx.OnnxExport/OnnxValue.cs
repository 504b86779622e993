namespace VaeOnnx.OnnxExport;

/// <summary>
/// A tensor flowing through a graph under construction: its name in the ONNX graph and the shape the builder
/// inferred for it. Values are handles created by one <see cref="OnnxGraphBuilder"/> and only valid there.
/// </summary>
public sealed class OnnxValue
{
    internal OnnxValue(OnnxGraphBuilder owner, string name, IReadOnlyList<OnnxDim> shape)
    {
        Owner = owner;
        Name = name;
        Shape = shape;
    }

    /// <summary>The tensor name in the graph.</summary>
    public string Name { get; }

    /// <summary>The inferred shape; dimensions the builder cannot know are <see cref="OnnxDim.Unknown"/>.</summary>
    public IReadOnlyList<OnnxDim> Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Count;

    internal OnnxGraphBuilder Owner { get; }

    /// <summary><c>name [N,1,32,32]</c>.</summary>
    public override string ToString() => $"{Name} {OnnxDim.Format(Shape)}";
}
