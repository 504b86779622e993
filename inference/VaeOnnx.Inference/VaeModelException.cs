using VaeOnnx.Data;

namespace VaeOnnx.Inference;

/// <summary>Why a model folder could not be used.</summary>
public enum VaeModelFault
{
    /// <summary>The folder or one of its ONNX files does not exist.</summary>
    NotFound,

    /// <summary>The file is not a loadable ONNX model (corrupt, truncated, not ONNX).</summary>
    Unreadable,

    /// <summary>The file loads but is not the VAE half it should be (metadata, signature, tensor names or shapes).</summary>
    Invalid,
}

/// <summary>
/// A model folder or one of its ONNX files is missing, unreadable or not a VAE encoder/decoder pair. The message
/// is one line and names the file; <see cref="Fault"/> tells callers which kind of problem it is.
/// </summary>
public sealed class VaeModelException : DataFileException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public VaeModelException(string path, VaeModelFault fault, string message)
        : base(path, message)
    {
        Fault = fault;
        Hint = HintFor(fault);
    }

    /// <summary>Creates the exception for <paramref name="path"/> with its cause.</summary>
    public VaeModelException(string path, VaeModelFault fault, string message, Exception inner)
        : base(path, message, inner)
    {
        Fault = fault;
        Hint = HintFor(fault);
    }

    /// <summary>What kind of problem it is.</summary>
    public VaeModelFault Fault { get; }

    private static string? HintFor(VaeModelFault fault) =>
        fault == VaeModelFault.NotFound ? "run `make train` first, or pass --models DIR" : null;
}
