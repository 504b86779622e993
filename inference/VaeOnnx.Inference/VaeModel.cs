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
        _encoderInputNames = [names.EncoderInput];
        _encoderOutputNames = [names.Mu, names.LogVar];
        _decoderInputNames = [names.DecoderInput];
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

    /// <summary>Encodes images given as floats in [0,1], layout [N, <see cref="ImageSize"/>] (identical to [N,C,H,W]).</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of <see cref="ImageSize"/>, or a value outside [0,1] (NaN included).</exception>
    public VaeLatents Encode(ReadOnlySpan<float> images)
    {
        int count = CheckImages(images, nameof(images));
        var mu = GC.AllocateUninitializedArray<float>(count * LatentDim);
        var logVar = GC.AllocateUninitializedArray<float>(count * LatentDim);
        EncodeChunks(images, count, mu, logVar);
        return new VaeLatents(mu, logVar, count, LatentDim);
    }

    /// <summary>Encodes images given as bytes 0–255 (scaled <c>x/255</c>), layout [N, <see cref="ImageSize"/>].</summary>
    /// <exception cref="ArgumentException">Empty input or length not a multiple of <see cref="ImageSize"/>.</exception>
    public VaeLatents Encode(ReadOnlySpan<byte> images)
    {
        int count = CheckImageCount(images.Length, nameof(images));
        var mu = GC.AllocateUninitializedArray<float>(count * LatentDim);
        var logVar = GC.AllocateUninitializedArray<float>(count * LatentDim);
        EncodeBytes(images, count, mu, logVar);
        return new VaeLatents(mu, logVar, count, LatentDim);
    }

    /// <summary>Encodes into caller buffers of N×<see cref="LatentDim"/> values each (no allocation).</summary>
    public void Encode(ReadOnlySpan<float> images, Span<float> mu, Span<float> logVar)
    {
        int count = CheckImages(images, nameof(images));
        CheckDestination(mu.Length, count * LatentDim, nameof(mu));
        CheckDestination(logVar.Length, count * LatentDim, nameof(logVar));
        EncodeChunks(images, count, mu, logVar);
    }

    /// <summary>Decodes latent codes, layout [N,<see cref="LatentDim"/>], into N×<see cref="ImageSize"/> pixel means in [0,1].</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of the latent size, or NaN/infinity.</exception>
    public float[] Decode(ReadOnlySpan<float> z)
    {
        int count = CheckLatents(z, nameof(z));
        var images = GC.AllocateUninitializedArray<float>(count * ImageSize);
        DecodeChunks(z, count, images);
        return images;
    }

    /// <summary>Decodes into a caller buffer of N×<see cref="ImageSize"/> values (no allocation).</summary>
    public void Decode(ReadOnlySpan<float> z, Span<float> images)
    {
        int count = CheckLatents(z, nameof(z));
        CheckDestination(images.Length, count * ImageSize, nameof(images));
        DecodeChunks(z, count, images);
    }

    /// <summary>Reconstructs images (floats in [0,1], [N, <see cref="ImageSize"/>]): the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images) => DecodeTrusted(Encode(images));

    /// <summary>Reconstructs images given as bytes 0–255: the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<byte> images) => DecodeTrusted(Encode(images));

    /// <summary>
    /// <paramref name="count"/> latent codes drawn from N(0, I), reproducible for a given <paramref name="seed"/>
    /// (see <see cref="LatentSampling.StandardNormal"/>), layout [count, <see cref="LatentDim"/>].
    /// </summary>
    public float[] SampleLatents(int count, int seed) => LatentSampling.StandardNormal(count, LatentDim, seed);

    /// <summary>Decodes <paramref name="count"/> codes from N(0, I) (see <see cref="SampleLatents"/>): N×<see cref="ImageSize"/> values.</summary>
    public float[] Sample(int count, int seed) => Decode(SampleLatents(count, seed));

    /// <summary>
    /// <paramref name="steps"/> codes on the straight line from <paramref name="fromZ"/> to <paramref name="toZ"/>,
    /// both ends included, layout [steps, <see cref="LatentDim"/>].
    /// </summary>
    public float[] InterpolateLatents(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps)
    {
        CheckSingleLatent(fromZ, nameof(fromZ));
        CheckSingleLatent(toZ, nameof(toZ));
        return LatentSampling.Line(fromZ, toZ, steps);
    }

    /// <summary>Decodes <paramref name="steps"/> codes linearly spaced from one latent code to another (ends included).</summary>
    public float[] Interpolate(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps) =>
        Decode(InterpolateLatents(fromZ, toZ, steps));

    private float[] DecodeTrusted(VaeLatents latents)
    {
        var images = GC.AllocateUninitializedArray<float>(latents.Count * ImageSize);
        DecodeChunks(latents.Mu, latents.Count, images);
        return images;
    }
}
