using System.Globalization;

namespace VaeOnnx.OnnxExport;

/// <summary>
/// One dimension of a tensor shape in an ONNX graph: a fixed size (<c>dim_value</c>), a symbolic name such as the
/// batch dimension <c>N</c> (<c>dim_param</c>), or unknown. Converts implicitly from integers and strings, so shapes
/// read naturally: <c>g.Input("image", ["N", 1, 32, 32])</c>.
/// </summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? param)
    {
        Value = value;
        Param = param;
    }

    /// <summary>The usual symbolic batch dimension, <c>N</c>.</summary>
    public static OnnxDim Batch { get; } = Symbolic("N");

    /// <summary>A dimension whose size is not known when the graph is built.</summary>
    public static OnnxDim Unknown => default;

    /// <summary>The fixed size, or <c>null</c> for a symbolic or unknown dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or <c>null</c> for a fixed or unknown dimension.</summary>
    public string? Param { get; }

    /// <summary>Whether the size is a fixed number.</summary>
    public bool IsFixed => Value.HasValue;

    /// <summary>A dimension of fixed size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static OnnxDim Fixed(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new OnnxDim(value, null);
    }

    /// <summary>A symbolic dimension (ONNX <c>dim_param</c>), e.g. <c>"N"</c> for a dynamic batch.</summary>
    public static OnnxDim Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new OnnxDim(null, name);
    }

    /// <summary>Same as <see cref="Fixed(long)"/>.</summary>
    public static implicit operator OnnxDim(long value) => Fixed(value);

    /// <summary>Same as <see cref="Fixed(long)"/>.</summary>
    public static implicit operator OnnxDim(int value) => Fixed(value);

    /// <summary>Same as <see cref="Symbolic(string)"/>.</summary>
    public static implicit operator OnnxDim(string name) => Symbolic(name);

    /// <summary>The size, the symbolic name, or <c>?</c>.</summary>
    public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? Param ?? "?";

    /// <summary>Formats a shape as <c>[N,1,32,32]</c> for messages.</summary>
    public static string Format(IEnumerable<OnnxDim> shape) => "[" + string.Join(",", shape) + "]";
}
