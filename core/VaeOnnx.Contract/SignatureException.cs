namespace VaeOnnx.Contract;

/// <summary>A signature (or the metadata it is read from) is malformed or describes no usable model.</summary>
/// <remarks>The message is one line; readers of model files prefix it with the file name.</remarks>
public sealed class SignatureException : FormatException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SignatureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public SignatureException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
