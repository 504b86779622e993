namespace VaeOnnx.OnnxExport;

// Operations that join tensors or turn labels into features: Concat and a one-hot encoding.
public sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// torch's <c>cat(values, axis)</c>: ONNX <c>Concat</c>. The values must agree on every other dimension (a
    /// symbolic one such as the batch must be the same symbol); the result's <paramref name="axis"/> is the sum.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two values, ranks differ, or other dimensions disagree.</exception>
    public OnnxValue Concat(IReadOnlyList<OnnxValue> values, long axis, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            throw new ArgumentException("Concat needs at least two values.", nameof(values));
        }
        foreach (OnnxValue value in values)
        {
            CheckOwned(value);
        }
        int rank = values[0].Rank;
        int dim = (int)(axis < 0 ? axis + rank : axis);
        if (dim < 0 || dim >= rank || values.Any(v => v.Rank != rank))
        {
            throw new ArgumentException($"Concat on axis {axis} needs values of one rank, got {string.Join(", ", values)}.", nameof(values));
        }
        var shape = new OnnxDim[rank];
        for (int d = 0; d < rank; d++)
        {
            if (d == dim)
            {
                shape[d] = values.All(v => v.Shape[d].IsFixed) ? values.Sum(v => v.Shape[d].Value!.Value) : OnnxDim.Unknown;
                continue;
            }
            OnnxDim first = values[0].Shape[d];
            if (values.Any(v => v.Shape[d] != first))
            {
                throw new ArgumentException($"Concat on axis {axis}: dimension {d} differs in {string.Join(", ", values)}.", nameof(values));
            }
            shape[d] = first;
        }
        return AddNode("Concat", name, [.. values.Select(v => v.Name)], shape, Attribute("axis", (long)dim));
    }

    /// <summary>
    /// torch's <c>one_hot(labels, classes).float()</c> for int64 <paramref name="labels"/> of any shape: row
    /// <c>label</c> of a <paramref name="classes"/>×<paramref name="classes"/> identity initializer, picked by ONNX
    /// <c>Gather</c>. Gather counts negative indices from the end and fails on indices of <paramref name="classes"/> or
    /// more, so callers check labels before they run the graph (the inference library does).
    /// </summary>
    public OnnxValue OneHot(OnnxValue labels, int classes, string? name = null)
    {
        CheckOwned(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        var identity = new float[classes * classes];
        for (int c = 0; c < classes; c++)
        {
            identity[(c * classes) + c] = 1f;
        }
        OnnxValue table = FloatConstant($"{name ?? "one_hot"}.identity", [classes, classes], identity);
        return AddNode("Gather", name, [table.Name, labels.Name], [.. labels.Shape, classes], Attribute("axis", 0L));
    }
}
