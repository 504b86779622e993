namespace VaeOnnx.Data;

/// <summary>An IDX file is missing, malformed, truncated or disagrees with its partner file.</summary>
/// <remarks>The message always names the file and the fault, so callers can print it as one line.</remarks>
public sealed class IdxFormatException : DataFileException
{
    /// <summary>Creates the exception: <paramref name="fault"/> found in <paramref name="path"/>.</summary>
    public IdxFormatException(string path, string fault)
        : base(path, fault)
    {
    }

    /// <summary>Creates the exception with the error that revealed the fault.</summary>
    public IdxFormatException(string path, string fault, Exception inner)
        : base(path, fault, inner)
    {
    }
}
