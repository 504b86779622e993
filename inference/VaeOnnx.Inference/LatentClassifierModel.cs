using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VaeOnnx.Contract;

namespace VaeOnnx.Inference;

/// <summary>
/// The latent classifier of a model folder (<c>classifier.onnx</c>, see <see cref="LatentClassifierContract"/>): class
/// probabilities for posterior means μ, through one ONNX Runtime session. Loaded and checked as <see cref="VaeModel"/>
/// checks its halves: the role, the signature of the VAE whose latent space it reads (and, when the caller names
/// the VAE, that it is that one), the number of classes, and the input <c>mu</c> float32 [N, latent] and output
/// <c>probabilities</c> float32 [N, classes] with a dynamic batch. It runs on the CPU: a few thousand multiply-adds
/// per code cost less than a round trip to a GPU. Every method is safe to call from many threads at once, and
/// <see cref="Dispose"/> waits for calls in flight.
/// </summary>
public sealed class LatentClassifierModel : IDisposable
{
    private static readonly string[] InputNames = [LatentClassifierContract.Input];
    private static readonly string[] OutputNames = [LatentClassifierContract.Output];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private int _disposed;
    private int _activeCalls;

    private LatentClassifierModel(string path, InferenceSession session, VaeSignature signature, int classes,
        IReadOnlyDictionary<string, string> metadata, int threads)
    {
        FilePath = path;
        _session = session;
        Signature = signature;
        Classes = classes;
        Metadata = metadata;
        IntraOpThreads = threads;
    }

    /// <summary>Full path of the loaded <c>classifier.onnx</c>.</summary>
    public string FilePath { get; }

    /// <summary>The signature of the VAE whose posterior means the classifier reads.</summary>
    public VaeSignature Signature { get; }

    /// <summary>Values per input code (<see cref="VaeSignature.LatentDim"/> of <see cref="Signature"/>).</summary>
    public int LatentDim => Signature.LatentDim;

    /// <summary>Number of classes K: probabilities per code.</summary>
    public int Classes { get; }

    /// <summary>The hidden layers' widths as the metadata records them (e.g. <c>64,64</c>), or null when not recorded.</summary>
    public string? Hidden => Metadata.TryGetValue(LatentClassifierContract.HiddenKey, out string? hidden) ? hidden : null;

    /// <summary>The file's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Intra-op threads of the session.</summary>
    public int IntraOpThreads { get; }

    /// <summary>
    /// Loads <c>classifier.onnx</c> from <paramref name="modelDirectory"/> and validates it. With
    /// <paramref name="expected"/> (the signature of the VAE it is meant for, e.g. <see cref="VaeModel.Signature"/>)
    /// a classifier fitted on another model's latent space is refused.
    /// </summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="expected">The VAE's signature, or null to accept the one in the file.</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads; 0 = all logical cores.</param>
    /// <exception cref="VaeModelException">The file is missing, not loadable ONNX, or not a classifier of that VAE (one line naming it).</exception>
    public static LatentClassifierModel Load(string modelDirectory, VaeSignature? expected = null, int intraOpThreads = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        string path = Path.Combine(Path.GetFullPath(modelDirectory), ArtifactNames.Classifier);
        if (!File.Exists(path))
        {
            throw new VaeModelException(path, VaeModelFault.NotFound, "file not found");
        }
        int threads = intraOpThreads == 0 ? Environment.ProcessorCount : intraOpThreads;
        InferenceSession session;
        using (var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        })
        {
            try
            {
                session = new InferenceSession(path, options);
            }
            catch (OnnxRuntimeException e)
            {
                throw new VaeModelException(path, VaeModelFault.Unreadable, $"not a loadable ONNX model ({FirstLine(e.Message)})", e);
            }
        }
        try
        {
            var metadata = new ReadOnlyDictionary<string, string>(
                new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal));
            var (signature, classes) = Validate(path, session, metadata, expected);
            return new LatentClassifierModel(path, session, signature, classes, metadata, threads);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Class probabilities of codes laid out [N, <see cref="LatentDim"/>]: N×<see cref="Classes"/> values, row c of a
    /// code being the probability of class c (each row sums to 1).
    /// </summary>
    /// <exception cref="ArgumentException">Empty input, a length that is not a whole number of codes, or NaN/infinity.</exception>
    public float[] Probabilities(ReadOnlySpan<float> mu)
    {
        int count = CheckCodes(mu);
        var probabilities = OutputArray.Float(count * Classes);
        Probabilities(mu, probabilities);
        return probabilities;
    }

    /// <summary>Class probabilities into a caller buffer of N×<see cref="Classes"/> values (no allocation).</summary>
    /// <exception cref="ArgumentException">As <see cref="Probabilities(ReadOnlySpan{float})"/>, or a destination of another size.</exception>
    public void Probabilities(ReadOnlySpan<float> mu, Span<float> probabilities)
    {
        int count = CheckCodes(mu);
        if (probabilities.Length != count * Classes)
        {
            throw new ArgumentException($"destination holds {probabilities.Length} values, need exactly {count * Classes}", nameof(probabilities));
        }
        for (int start = 0; start < count; start += VaeModel.DefaultMaxBatch)
        {
            int n = Math.Min(VaeModel.DefaultMaxBatch, count - start);
            Run(mu.Slice(start * LatentDim, n * LatentDim), n, probabilities.Slice(start * Classes, n * Classes));
        }
    }

    /// <summary>Releases the session after any call still running has finished; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        // As VaeModel: a Run under a released session would crash the process, so wait for the calls in flight.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        SpinWait.SpinUntil(() => Volatile.Read(ref _activeCalls) == 0);
        _session.Dispose();
        _runOptions.Dispose();
    }

    private unsafe void Run(ReadOnlySpan<float> mu, int count, Span<float> probabilities)
    {
        Interlocked.Increment(ref _activeCalls);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            fixed (float* input = mu)
            fixed (float* output = probabilities)
            {
                using var muValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                    [count, LatentDim], (IntPtr)input, (long)mu.Length * sizeof(float));
                using var outValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
                    [count, Classes], (IntPtr)output, (long)probabilities.Length * sizeof(float));
                _session.Run(_runOptions, InputNames, [muValue], OutputNames, [outValue]);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }
    }

    private int CheckCodes(ReadOnlySpan<float> mu)
    {
        if (mu.IsEmpty)
        {
            throw new ArgumentException("no latent codes given (empty input)", nameof(mu));
        }
        if (mu.Length % LatentDim != 0)
        {
            throw new ArgumentException($"{mu.Length} values is not a whole number of latent codes ({LatentDim} values each)", nameof(mu));
        }
        if (!float.IsFinite(TensorPrimitives.MaxMagnitude(mu)))
        {
            int bad = mu.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
            throw new ArgumentException(
                $"latent codes must be finite: code {bad / LatentDim}, dimension {bad % LatentDim} is {mu[bad].ToString(CultureInfo.InvariantCulture)}", nameof(mu));
        }
        return mu.Length / LatentDim;
    }

    private static (VaeSignature Signature, int Classes) Validate(string path, InferenceSession session,
        IReadOnlyDictionary<string, string> metadata, VaeSignature? expected)
    {
        string role = OnnxMetadataKeys.Roles.Classifier;
        if (!metadata.TryGetValue(OnnxMetadataKeys.Role, out string? found))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, $"no '{OnnxMetadataKeys.Role}' metadata: not a VaeOnnx {role} export");
        }
        if (found != role)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, $"metadata role is '{found}', expected '{role}'");
        }
        if (!metadata.TryGetValue(OnnxMetadataKeys.Signature, out string? json))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, $"no '{OnnxMetadataKeys.Signature}' metadata: the classifier does not say which VAE's latents it reads");
        }
        VaeSignature signature;
        try
        {
            signature = VaeSignature.Parse(json);
        }
        catch (SignatureException e)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, e.Message, e);
        }
        if (expected is not null && signature != expected)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"fitted on the latents of another model ({signature.Describe()}; this one is {expected.Describe()})");
        }
        if (!metadata.TryGetValue(LatentClassifierContract.ClassesKey, out string? classesText)
            || !int.TryParse(classesText, NumberStyles.None, CultureInfo.InvariantCulture, out int classes) || classes < 2)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"metadata '{LatentClassifierContract.ClassesKey}' is {(classesText is null ? "missing" : $"'{classesText}'")}, expected a count of 2 or more");
        }
        CheckPort(path, "input", session.InputMetadata, LatentClassifierContract.Input, signature.LatentDim);
        CheckPort(path, "output", session.OutputMetadata, LatentClassifierContract.Output, classes);
        return (signature, classes);
    }

    // The graph must have exactly this one input (or at least this output): float32 [N, width], N dynamic.
    private static void CheckPort(string path, string kind, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int width)
    {
        string want = $"float32 [N,{width.ToString(CultureInfo.InvariantCulture)}] with a dynamic batch dimension";
        bool present = nodes.TryGetValue(name, out var node) && (kind == "output" || nodes.Count == 1);
        if (!present)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"expected {(kind == "output" ? "an output" : "one input")} '{name}' ({want}), graph has {string.Join(", ", nodes.Keys.Select(k => $"'{k}'"))}");
        }
        bool ok = node!.IsTensor && node.ElementDataType == TensorElementType.Float && node.Dimensions.Length == 2
            && node.Dimensions[0] < 0 && (node.Dimensions[1] == width || node.Dimensions[1] < 0);
        if (!ok)
        {
            string dims = node.IsTensor
                ? $"{(node.ElementDataType == TensorElementType.Float ? "float32" : node.ElementDataType.ToString().ToLowerInvariant())} [{string.Join(",", node.Dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)))}]"
                : node.OnnxValueType.ToString();
            throw new VaeModelException(path, VaeModelFault.Invalid, $"{kind} '{name}' is {dims}, expected {want}");
        }
    }

    private static string FirstLine(string text)
    {
        string message = text.Trim();
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline].Trim();
    }
}
