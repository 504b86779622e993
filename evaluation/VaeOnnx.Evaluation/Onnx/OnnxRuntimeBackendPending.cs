using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Onnx;

/// <summary>
/// Stand-in compiled while the inference library in this tree has no <c>VaeModel</c> yet (see the csproj switch
/// <c>HasVaeModel</c>): the command runs its checks and then stops with one clear line instead of evaluating.
/// </summary>
public static class OnnxRuntimeBackend
{
    /// <summary>Whether this build can run ONNX models.</summary>
    public const bool Available = false;

    private const string Message =
        "this build of vae-evaluate has no ONNX backend: the inference library's VaeModel is not in this tree yet (merge main)";

    /// <summary>Always fails with <see cref="EvaluationInputException"/>.</summary>
    public static VaeBackendFactory Factory => (_, _) => throw new EvaluationInputException(Message);

    /// <summary>Always fails.</summary>
    public static INpyWriter NpyWriter { get; } = new Pending();

    private sealed class Pending : INpyWriter
    {
        public void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) => throw new EvaluationInputException(Message);

        public void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape) => throw new EvaluationInputException(Message);
    }
}
