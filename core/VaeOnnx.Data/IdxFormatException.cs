namespace VaeOnnx.Data;

/// <summary>An IDX file is missing, malformed, truncated or disagrees with its partner file.</summary>
/// <remarks>The message always names the file and the fault, so callers can print it as one line.</remarks>
public sealed class IdxFormatException : DataFileException
{
    public IdxFormatException(string path, string fault)
        : base(path, fault)
    {
    }

    public IdxFormatException(string path, string fault, Exception inner)
        : base(path, fault, inner)
    {
    }
}
