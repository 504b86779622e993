using VaeOnnx.Contract;

namespace VaeOnnx.Training.Export;

/// <summary>The exported ONNX models did not reproduce the TorchSharp outputs; nothing was written.</summary>
public sealed class OnnxParityException : Exception
{
    /// <summary>Creates the exception from the failed <paramref name="report"/>.</summary>
    public OnnxParityException(ParityReport report, string outputDirectory)
        : base($"ONNX export failed the parity check against TorchSharp, so no model files were written to '{outputDirectory}': {report?.Describe()}")
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The measured differences.</summary>
    public ParityReport Report { get; }
}
