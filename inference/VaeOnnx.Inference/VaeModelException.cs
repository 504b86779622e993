namespace VaeOnnx.Inference;

/// <summary>Why a model folder could not be used.</summary>
public enum VaeModelFault
{
    /// <summary>The folder or one of its ONNX files does not exist.</summary>
    NotFound,

    /// <summary>The file is not a loadable ONNX model (corrupt, truncated, not ONNX).</summary>
    Unreadable,

    /// <summary>The file loads but is not the VAE half it should be (metadata, tensor names or shapes).</summary>
    Invalid,
}

/// <summary>
/// A model folder or one of its ONNX files is missing, unreadable or not a VAE encoder/decoder pair. The message
/// is one line and names the file; <see cref="Fault"/> tells callers which kind of problem it is.
/// </summary>
public sealed class VaeModelException : Exception
{
    public VaeModelException(string path, VaeModelFault fault, string message)
        : base($"{path}: {message}")
    {
        FilePath = path;
        Fault = fault;
    }

    public VaeModelException(string path, VaeModelFault fault, string message, Exception inner)
        : base($"{path}: {message}", inner)
    {
        FilePath = path;
        Fault = fault;
    }

    /// <summary>The folder or file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What kind of problem it is.</summary>
    public VaeModelFault Fault { get; }
}
