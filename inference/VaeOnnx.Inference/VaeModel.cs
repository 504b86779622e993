using Microsoft.ML.OnnxRuntime;
using VaeOnnx.Contract;

namespace VaeOnnx.Inference;

/// <summary>
/// A trained VAE as two ONNX Runtime sessions (<c>encoder.onnx</c>, <c>decoder.onnx</c>) loaded from a model
/// folder and checked against their <see cref="VaeSignature"/>, from which every shape check derives. Spans in, arrays out: for batches, caller memory is
/// handed to ONNX Runtime by pointer (no copies) and ONNX Runtime writes straight into the returned arrays (or the
/// caller's destination spans); a single image goes through small per-thread buffers bound to ONNX Runtime once,
/// which measured faster than wrapping memory per call. Inputs above <see cref="MaxBatch"/> run in chunks.
/// Every method is safe to call from many threads at once (sessions are shared, buffers are per call or per thread).
/// </summary>
public sealed partial class VaeModel : IDisposable
{
    /// <summary>Default for <see cref="VaeModelOptions.MaxBatch"/>: inputs larger than this are run in chunks.</summary>
    public const int DefaultMaxBatch = 1024;

    /// <summary>ONNX Runtime's name of the CUDA execution provider.</summary>
    public const string CudaProviderName = "CUDAExecutionProvider";

    private static string? s_cudaLoadFailure;

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly RunOptions _runOptions = new();
    private readonly ThreadLocal<SingleImageBuffers> _single;
    private readonly int _maxBatch;
    private readonly string[] _encoderInputNames;
    private readonly string[] _encoderOutputNames;
    private readonly string[] _decoderInputNames;
    private readonly string[] _decoderOutputNames;
    private int _disposed;
    private int _activeCalls;

    private VaeModel(string directory, InferenceSession encoder, InferenceSession decoder, ModelFacts facts,
        string provider, int threads, int maxBatch, string? cudaUnavailableReason)
    {
        ModelDirectory = directory;
        _encoder = encoder;
        _decoder = decoder;
        Signature = facts.Signature;
        LatentDim = Signature.LatentDim;
        ImageSize = Signature.ImageSize;
        var names = Signature.Tensors;
        _encoderInputNames = Signature.IsConditional ? [names.EncoderInput, names.Label] : [names.EncoderInput];
        _encoderOutputNames = [names.Mu, names.LogVar];
        _decoderInputNames = Signature.IsConditional ? [names.DecoderInput, names.Label] : [names.DecoderInput];
        _decoderOutputNames = [names.DecoderOutput];
        EncoderMetadata = facts.EncoderMetadata;
        Metadata = facts.DecoderMetadata;
        Provider = provider;
        IntraOpThreads = threads;
        _maxBatch = maxBatch;
        CudaUnavailableReason = cudaUnavailableReason;
        _single = new ThreadLocal<SingleImageBuffers>(() => new SingleImageBuffers(Signature), trackAllValues: true);
    }

    /// <summary>The folder the model was loaded from (full path).</summary>
    public string ModelDirectory { get; }

    /// <summary>Full path of <c>encoder.onnx</c>.</summary>
    public string EncoderPath => Path.Combine(ModelDirectory, ArtifactNames.Encoder);

    /// <summary>Full path of <c>decoder.onnx</c>.</summary>
    public string DecoderPath => Path.Combine(ModelDirectory, ArtifactNames.Decoder);

    /// <summary>What the model is: architecture, image shape, latent size, conditioning, tensor names.</summary>
    public VaeSignature Signature { get; }

    /// <summary>Size of the latent space (<see cref="VaeSignature.LatentDim"/>).</summary>
    public int LatentDim { get; }

    /// <summary>Values per image (<see cref="ImageShape.Size"/> of the signature's image shape).</summary>
    public int ImageSize { get; }

    /// <summary>Execution provider actually in use: <c>"CPU"</c> or <c>"CUDA"</c>.</summary>
    public string Provider { get; }

    /// <summary>Why CUDA was not used although it was requested or listed (null when it was not tried).</summary>
    public string? CudaUnavailableReason { get; }

    /// <summary>Intra-op threads of each session.</summary>
    public int IntraOpThreads { get; }

    /// <summary>Most images per ONNX Runtime call (larger inputs are chunked).</summary>
    public int MaxBatch => _maxBatch;

    /// <summary>The decoder's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The encoder's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> EncoderMetadata { get; }

    /// <summary>The encoder session, for advanced use (benchmarks, inspection). Owned by this model: do not dispose.</summary>
    public InferenceSession EncoderSession => _encoder;

    /// <summary>The decoder session, for advanced use (benchmarks, inspection). Owned by this model: do not dispose.</summary>
    public InferenceSession DecoderSession => _decoder;

    /// <summary>Execution providers this ONNX Runtime build lists (it lists CUDA even when CUDA cannot load).</summary>
    public static IReadOnlyList<string> AvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Version of the native ONNX Runtime library.</summary>
    public static string OnnxRuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// Loads <c>encoder.onnx</c> and <c>decoder.onnx</c> from <paramref name="modelDirectory"/> and validates them
    /// (roles, one signature for both halves — read from the metadata, or rebuilt for files exported before it
    /// existed — and every input and output shape it implies). Failures raise <see cref="VaeModelException"/> with a one-line
    /// message naming the file. <paramref name="log"/> receives one line when CUDA was tried and CPU is used instead.
    /// </summary>
    public static VaeModel Load(string modelDirectory, VaeModelOptions? options = null, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        options ??= new VaeModelOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads, nameof(options.IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(options.DeviceId, nameof(options.DeviceId));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBatch, nameof(options.MaxBatch));
        if (!Enum.IsDefined(options.Device))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"unknown execution device {options.Device}");
        }

        string directory = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(directory))
        {
            throw new VaeModelException(modelDirectory, VaeModelFault.NotFound, "model folder not found");
        }
        string encoderPath = Path.Combine(directory, ArtifactNames.Encoder);
        string decoderPath = Path.Combine(directory, ArtifactNames.Decoder);
        foreach (string path in new[] { encoderPath, decoderPath })
        {
            if (!File.Exists(path))
            {
                throw new VaeModelException(path, VaeModelFault.NotFound, "file not found");
            }
        }

        int threads = options.IntraOpThreads == 0 ? Environment.ProcessorCount : options.IntraOpThreads;
        int maxBatch = options.MaxBatch == 0 ? DefaultMaxBatch : options.MaxBatch;
        InferenceSession? encoder = null, decoder = null;
        try
        {
            string provider = "CPU";
            string? cudaReason = null;
            bool tryCuda = options.Device == ExecutionDevice.Cuda
                || (options.Device == ExecutionDevice.Auto && CudaListed());
            if (tryCuda)
            {
                (encoder, decoder, cudaReason) = TryOpenCuda(encoderPath, decoderPath, threads, options.DeviceId);
                if (encoder is not null)
                {
                    provider = "CUDA";
                }
                else
                {
                    log?.Invoke($"CUDA execution provider (device {options.DeviceId}) unavailable, using CPU: {cudaReason}");
                }
            }
            if (encoder is null)
            {
                using var cpu = CreateSessionOptions(threads);
                encoder = OpenSession(encoderPath, cpu);
                decoder = OpenSession(decoderPath, cpu);
            }
            var facts = Validate(encoderPath, encoder, decoderPath, decoder!);
            var model = new VaeModel(directory, encoder, decoder!, facts, provider, threads, maxBatch, cudaReason);
            encoder = decoder = null; // owned by the model now
            return model;
        }
        finally
        {
            encoder?.Dispose();
            decoder?.Dispose();
        }
    }
}
