using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VaeOnnx.Inference.Data;
using VaeOnnx.Inference.Models;

namespace VaeOnnx.Inference;

/// <summary>
/// A trained VAE as two ONNX Runtime sessions (<c>encoder.onnx</c>, <c>decoder.onnx</c>) loaded from a model
/// folder and checked against <see cref="VaeContract"/>. Spans in, arrays out: for batches, caller memory is
/// handed to ONNX Runtime by pointer (no copies) and ONNX Runtime writes straight into the returned arrays (or the
/// caller's destination spans); a single image goes through small per-thread buffers bound to ONNX Runtime once,
/// which measured faster than wrapping memory per call. Inputs above <see cref="MaxBatch"/> run in chunks.
/// Every method is safe to call from many threads at once (sessions are shared, buffers are per call or per thread).
/// </summary>
public sealed class VaeModel : IDisposable
{
    /// <summary>Default for <see cref="VaeModelOptions.MaxBatch"/>: inputs larger than this are run in chunks.</summary>
    public const int DefaultMaxBatch = 1024;

    /// <summary>ONNX Runtime's name of the CUDA execution provider.</summary>
    public const string CudaProviderName = "CUDAExecutionProvider";

    private const int ImageSize = VaeContract.ImageSize;
    private static readonly string[] EncoderInputNames = [VaeContract.EncoderInput];
    private static readonly string[] EncoderOutputNames = [VaeContract.EncoderMu, VaeContract.EncoderLogVar];
    private static readonly string[] DecoderInputNames = [VaeContract.DecoderInput];
    private static readonly string[] DecoderOutputNames = [VaeContract.DecoderOutput];

    private static string? s_cudaLoadFailure;

    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly RunOptions _runOptions = new();
    private readonly ThreadLocal<SingleImageBuffers> _single;
    private readonly int _maxBatch;
    private volatile bool _disposed;

    private VaeModel(string directory, InferenceSession encoder, InferenceSession decoder, ModelFacts facts,
        string provider, int threads, int maxBatch, string? cudaUnavailableReason)
    {
        ModelDirectory = directory;
        _encoder = encoder;
        _decoder = decoder;
        LatentDim = facts.LatentDim;
        HiddenDim = facts.HiddenDim;
        EncoderMetadata = facts.EncoderMetadata;
        Metadata = facts.DecoderMetadata;
        Provider = provider;
        IntraOpThreads = threads;
        _maxBatch = maxBatch;
        CudaUnavailableReason = cudaUnavailableReason;
        _single = new ThreadLocal<SingleImageBuffers>(() => new SingleImageBuffers(LatentDim), trackAllValues: true);
    }

    /// <summary>The folder the model was loaded from (full path).</summary>
    public string ModelDirectory { get; }

    /// <summary>Full path of <c>encoder.onnx</c>.</summary>
    public string EncoderPath => Path.Combine(ModelDirectory, VaeContract.EncoderFile);

    /// <summary>Full path of <c>decoder.onnx</c>.</summary>
    public string DecoderPath => Path.Combine(ModelDirectory, VaeContract.DecoderFile);

    /// <summary>Size of the latent space.</summary>
    public int LatentDim { get; }

    /// <summary>Hidden layer width from the metadata (0 when the export does not say).</summary>
    public int HiddenDim { get; }

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
    /// (role, latent size, tensor names and shapes). Failures raise <see cref="VaeModelException"/> with a one-line
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
        string encoderPath = Path.Combine(directory, VaeContract.EncoderFile);
        string decoderPath = Path.Combine(directory, VaeContract.DecoderFile);
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

    /// <summary>Encodes images given as floats in [0,1], layout [N,784] (identical to [N,1,28,28]).</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of 784, or a value outside [0,1] (NaN included).</exception>
    public VaeLatents Encode(ReadOnlySpan<float> images)
    {
        int count = CheckImages(images, nameof(images));
        var mu = GC.AllocateUninitializedArray<float>(count * LatentDim);
        var logVar = GC.AllocateUninitializedArray<float>(count * LatentDim);
        EncodeChunks(images, count, mu, logVar);
        return new VaeLatents(mu, logVar, count, LatentDim);
    }

    /// <summary>Encodes images given as bytes 0–255 (scaled <c>x/255</c>), layout [N,784].</summary>
    /// <exception cref="ArgumentException">Empty input or length not a multiple of 784.</exception>
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

    /// <summary>Decodes latent codes, layout [N,<see cref="LatentDim"/>], into N×784 pixel means in [0,1].</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of the latent size, or NaN/infinity.</exception>
    public float[] Decode(ReadOnlySpan<float> z)
    {
        int count = CheckLatents(z, nameof(z));
        var images = GC.AllocateUninitializedArray<float>(count * ImageSize);
        DecodeChunks(z, count, images);
        return images;
    }

    /// <summary>Decodes into a caller buffer of N×784 values (no allocation).</summary>
    public void Decode(ReadOnlySpan<float> z, Span<float> images)
    {
        int count = CheckLatents(z, nameof(z));
        CheckDestination(images.Length, count * ImageSize, nameof(images));
        DecodeChunks(z, count, images);
    }

    /// <summary>Reconstructs images (floats in [0,1], [N,784]): the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images) => DecodeTrusted(Encode(images));

    /// <summary>Reconstructs images given as bytes 0–255: the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<byte> images) => DecodeTrusted(Encode(images));

    /// <summary>
    /// <paramref name="count"/> latent codes drawn from N(0, I), reproducible for a given <paramref name="seed"/>
    /// (System.Random(seed) with the Box–Muller transform), layout [count, <see cref="LatentDim"/>].
    /// </summary>
    public float[] SampleLatents(int count, int seed) => StandardNormal(count * (long)LatentDim, seed, nameof(count));

    /// <summary>Decodes <paramref name="count"/> codes from N(0, I) (see <see cref="SampleLatents"/>): N×784 values.</summary>
    public float[] Sample(int count, int seed) => Decode(SampleLatents(count, seed));

    /// <summary>
    /// <paramref name="steps"/> codes on the straight line from <paramref name="fromZ"/> to <paramref name="toZ"/>,
    /// both ends included, layout [steps, <see cref="LatentDim"/>].
    /// </summary>
    public float[] InterpolateLatents(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps)
    {
        CheckSingleLatent(fromZ, nameof(fromZ));
        CheckSingleLatent(toZ, nameof(toZ));
        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "interpolation needs at least 2 steps (both ends)");
        }
        var z = new float[steps * LatentDim];
        for (int s = 0; s < steps; s++)
        {
            float t = (float)s / (steps - 1);
            var row = z.AsSpan(s * LatentDim, LatentDim);
            for (int d = 0; d < LatentDim; d++)
            {
                row[d] = fromZ[d] + ((toZ[d] - fromZ[d]) * t);
            }
        }
        return z;
    }

    /// <summary>Decodes <paramref name="steps"/> codes linearly spaced from one latent code to another (ends included).</summary>
    public float[] Interpolate(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps) =>
        Decode(InterpolateLatents(fromZ, toZ, steps));

    /// <summary>Releases both sessions. Calls after disposal throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _encoder.Dispose();
        _decoder.Dispose();
        _runOptions.Dispose();
        foreach (var buffers in _single.Values)
        {
            buffers.Dispose();
        }
        _single.Dispose();
    }

    internal static float[] StandardNormal(long length, int seed, string paramName)
    {
        if (length <= 0 || length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, "count must be positive (and not absurdly large)");
        }
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < length; i += 2)
        {
            // Box–Muller: two uniforms in (0,1] → two independent standard normals.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
        return values;
    }

    private float[] DecodeTrusted(VaeLatents latents)
    {
        var images = GC.AllocateUninitializedArray<float>(latents.Count * ImageSize);
        DecodeChunks(latents.Mu, latents.Count, images);
        return images;
    }

    private void EncodeChunks(ReadOnlySpan<float> images, int count, Span<float> mu, Span<float> logVar)
    {
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            RunEncoder(images.Slice(start * ImageSize, n * ImageSize), n,
                mu.Slice(start * LatentDim, n * LatentDim), logVar.Slice(start * LatentDim, n * LatentDim));
        }
    }

    private void EncodeBytes(ReadOnlySpan<byte> images, int count, Span<float> mu, Span<float> logVar)
    {
        int chunk = Math.Min(_maxBatch, count);
        float[] buffer = ArrayPool<float>.Shared.Rent(chunk * ImageSize);
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                int n = Math.Min(chunk, count - start);
                var scaled = buffer.AsSpan(0, n * ImageSize);
                PixelScaling.ToUnit(images.Slice(start * ImageSize, n * ImageSize), scaled);
                RunEncoder(scaled, n, mu.Slice(start * LatentDim, n * LatentDim), logVar.Slice(start * LatentDim, n * LatentDim));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void DecodeChunks(ReadOnlySpan<float> z, int count, Span<float> images)
    {
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            RunDecoder(z.Slice(start * LatentDim, n * LatentDim), n, images.Slice(start * ImageSize, n * ImageSize));
        }
    }

    private unsafe void RunEncoder(ReadOnlySpan<float> images, int count, Span<float> mu, Span<float> logVar)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count == 1)
        {
            // One image: copying 784 floats into this thread's bound buffers is cheaper than creating and
            // releasing three native tensors (~185 ns each), which dominated single-image latency.
            var single = _single.Value!;
            images.CopyTo(single.Image);
            _encoder.Run(_runOptions, EncoderInputNames, single.EncoderInputs, EncoderOutputNames, single.EncoderOutputs);
            single.Mu.CopyTo(mu);
            single.LogVar.CopyTo(logVar);
            return;
        }
        fixed (float* input = images)
        fixed (float* muOut = mu)
        fixed (float* logVarOut = logVar)
        {
            using var image = Wrap(input, images.Length, [count, 1, 28, 28]);
            using var muValue = Wrap(muOut, mu.Length, [count, LatentDim]);
            using var logVarValue = Wrap(logVarOut, logVar.Length, [count, LatentDim]);
            _encoder.Run(_runOptions, EncoderInputNames, [image], EncoderOutputNames, [muValue, logVarValue]);
        }
    }

    private unsafe void RunDecoder(ReadOnlySpan<float> z, int count, Span<float> images)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count == 1)
        {
            var single = _single.Value!;
            z.CopyTo(single.Z);
            _decoder.Run(_runOptions, DecoderInputNames, single.DecoderInputs, DecoderOutputNames, single.DecoderOutputs);
            single.Decoded.CopyTo(images);
            return;
        }
        fixed (float* input = z)
        fixed (float* output = images)
        {
            using var zValue = Wrap(input, z.Length, [count, LatentDim]);
            using var imageValue = Wrap(output, images.Length, [count, 1, 28, 28]);
            _decoder.Run(_runOptions, DecoderInputNames, [zValue], DecoderOutputNames, [imageValue]);
        }
    }

    /// <summary>
    /// Per-thread input/output buffers for single-image calls, on the pinned object heap, with their ONNX Runtime
    /// tensors created once. A thread runs one call at a time, so its buffers are never shared.
    /// </summary>
    private sealed class SingleImageBuffers : IDisposable
    {
        public SingleImageBuffers(int latent)
        {
            Image = GC.AllocateArray<float>(ImageSize, pinned: true);
            Decoded = GC.AllocateArray<float>(ImageSize, pinned: true);
            Z = GC.AllocateArray<float>(latent, pinned: true);
            Mu = GC.AllocateArray<float>(latent, pinned: true);
            LogVar = GC.AllocateArray<float>(latent, pinned: true);
            EncoderInputs = [OrtValue.CreateTensorValueFromMemory(Image, [1, 1, 28, 28])];
            EncoderOutputs = [OrtValue.CreateTensorValueFromMemory(Mu, [1, latent]), OrtValue.CreateTensorValueFromMemory(LogVar, [1, latent])];
            DecoderInputs = [OrtValue.CreateTensorValueFromMemory(Z, [1, latent])];
            DecoderOutputs = [OrtValue.CreateTensorValueFromMemory(Decoded, [1, 1, 28, 28])];
        }

        public float[] Image { get; }
        public float[] Decoded { get; }
        public float[] Z { get; }
        public float[] Mu { get; }
        public float[] LogVar { get; }
        public OrtValue[] EncoderInputs { get; }
        public OrtValue[] EncoderOutputs { get; }
        public OrtValue[] DecoderInputs { get; }
        public OrtValue[] DecoderOutputs { get; }

        public void Dispose()
        {
            foreach (var value in EncoderInputs.Concat(EncoderOutputs).Concat(DecoderInputs).Concat(DecoderOutputs))
            {
                value.Dispose();
            }
        }
    }

    /// <summary>A tensor over pinned memory the caller keeps fixed for the lifetime of the value.</summary>
    private static unsafe OrtValue Wrap(float* data, int length, long[] shape) =>
        OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
            (IntPtr)data, (long)length * sizeof(float));

    private static int CheckImageCount(int length, string paramName)
    {
        if (length == 0)
        {
            throw new ArgumentException("no images given (empty input)", paramName);
        }
        if (length % ImageSize != 0)
        {
            throw new ArgumentException($"{length} values is not a whole number of images ({ImageSize} = 1×28×28 values each)", paramName);
        }
        return length / ImageSize;
    }

    private static int CheckImages(ReadOnlySpan<float> images, string paramName)
    {
        int count = CheckImageCount(images.Length, paramName);
        if (!PixelScaling.AllInUnitRange(images))
        {
            for (int i = 0; i < images.Length; i++)
            {
                if (!(images[i] >= 0f && images[i] <= 1f))
                {
                    throw new ArgumentException(
                        $"pixel values must lie in [0,1] (scale 8-bit images by 1/255): image {i / ImageSize}, pixel {i % ImageSize} is {images[i].ToString(CultureInfo.InvariantCulture)}",
                        paramName);
                }
            }
        }
        return count;
    }

    private int CheckLatents(ReadOnlySpan<float> z, string paramName)
    {
        if (z.Length == 0)
        {
            throw new ArgumentException("no latent codes given (empty input)", paramName);
        }
        if (z.Length % LatentDim != 0)
        {
            throw new ArgumentException($"{z.Length} values is not a whole number of latent codes ({LatentDim} values each)", paramName);
        }
        CheckFinite(z, paramName);
        return z.Length / LatentDim;
    }

    private void CheckSingleLatent(ReadOnlySpan<float> z, string paramName)
    {
        if (z.Length != LatentDim)
        {
            throw new ArgumentException($"a latent code has {LatentDim} values, got {z.Length}", paramName);
        }
        CheckFinite(z, paramName);
    }

    private void CheckFinite(ReadOnlySpan<float> z, string paramName)
    {
        // MaxMagnitude is NaN if any value is NaN and ∞ if any is infinite.
        if (!float.IsFinite(TensorPrimitives.MaxMagnitude(z)))
        {
            for (int i = 0; i < z.Length; i++)
            {
                if (!float.IsFinite(z[i]))
                {
                    throw new ArgumentException(
                        $"latent codes must be finite: code {i / LatentDim}, dimension {i % LatentDim} is {z[i].ToString(CultureInfo.InvariantCulture)}",
                        paramName);
                }
            }
        }
    }

    private static void CheckDestination(int length, int needed, string paramName)
    {
        if (length != needed)
        {
            throw new ArgumentException($"destination holds {length} values, need exactly {needed}", paramName);
        }
    }

    private static bool CudaListed()
    {
        try
        {
            return AvailableProviders().Contains(CudaProviderName);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            return false;
        }
    }

    private static bool IsProviderFailure(Exception e) =>
        e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or BadImageFormatException;

    private static SessionOptions CreateSessionOptions(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
    };

    /// <summary>
    /// Opens both sessions on CUDA. Returns nulls and the reason when the provider cannot be appended or a session
    /// fails on CUDA but opens on CPU (a model that fails on CPU too is reported as the model's fault instead).
    /// </summary>
    private static (InferenceSession? Encoder, InferenceSession? Decoder, string? Reason) TryOpenCuda(
        string encoderPath, string decoderPath, int threads, int deviceId)
    {
        if (s_cudaLoadFailure is { } known)
        {
            return (null, null, known);
        }
        using var options = CreateSessionOptions(threads);
        var env = OrtEnv.Instance();
        var previousLevel = env.EnvLogLevel;
        try
        {
            // ONNX Runtime also prints the loader error to stderr through its global logger; the caller gets it
            // as one log line instead, so silence that logger for the attempt.
            env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            options.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            string reason = FirstLine(e);
            if (reason.Contains("Failed to load shared library", StringComparison.Ordinal))
            {
                reason += " (the CUDA provider of ONNX Runtime 1.31 needs the CUDA 13 and cuDNN 9 libraries)";
            }
            else if (e is EntryPointNotFoundException or DllNotFoundException)
            {
                reason = $"this ONNX Runtime build has no CUDA provider ({e.GetType().Name}; build with -p:OnnxRuntimeFlavor=Gpu)";
            }
            s_cudaLoadFailure = reason; // the libraries will not appear later in this process: don't retry every load
            return (null, null, reason);
        }
        finally
        {
            env.EnvLogLevel = previousLevel;
        }
        InferenceSession? encoder = null;
        try
        {
            encoder = new InferenceSession(encoderPath, options);
            var decoder = new InferenceSession(decoderPath, options);
            return (encoder, decoder, null);
        }
        catch (Exception e) when (IsProviderFailure(e))
        {
            encoder?.Dispose();
            // Tell a CUDA failure from a broken file: the CPU provider must be able to open both.
            using var cpu = CreateSessionOptions(threads);
            OpenSession(encoderPath, cpu).Dispose();
            OpenSession(decoderPath, cpu).Dispose();
            return (null, null, FirstLine(e));
        }
    }

    private static InferenceSession OpenSession(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new VaeModelException(path, VaeModelFault.Unreadable, $"not a loadable ONNX model ({FirstLine(e)})", e);
        }
    }

    private static string FirstLine(Exception e)
    {
        string message = e.Message.Trim();
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline].Trim();
    }

    private sealed record ModelFacts(int LatentDim, int HiddenDim,
        IReadOnlyDictionary<string, string> EncoderMetadata, IReadOnlyDictionary<string, string> DecoderMetadata);

    private static ModelFacts Validate(string encoderPath, InferenceSession encoder, string decoderPath, InferenceSession decoder)
    {
        var encoderMeta = ReadMetadata(encoder);
        var decoderMeta = ReadMetadata(decoder);
        CheckRole(encoderPath, encoderMeta, VaeContract.Roles.Encoder);
        CheckRole(decoderPath, decoderMeta, VaeContract.Roles.Decoder);
        int latent = ReadPositive(encoderPath, encoderMeta, VaeContract.Keys.LatentDim, required: true);
        int decoderLatent = ReadPositive(decoderPath, decoderMeta, VaeContract.Keys.LatentDim, required: true);
        if (latent != decoderLatent)
        {
            throw new VaeModelException(decoderPath, VaeModelFault.Invalid,
                $"latent_dim {decoderLatent} disagrees with {VaeContract.EncoderFile} (latent_dim {latent}): the two halves come from different models");
        }
        int hidden = ReadPositive(encoderPath, encoderMeta, VaeContract.Keys.HiddenDim, required: false);
        int decoderHidden = ReadPositive(decoderPath, decoderMeta, VaeContract.Keys.HiddenDim, required: false);
        if (hidden != 0 && decoderHidden != 0 && hidden != decoderHidden)
        {
            throw new VaeModelException(decoderPath, VaeModelFault.Invalid,
                $"hidden_dim {decoderHidden} disagrees with {VaeContract.EncoderFile} (hidden_dim {hidden}): the two halves come from different models");
        }

        CheckSingle(encoderPath, "input", encoder.InputMetadata, VaeContract.EncoderInput, [-1, 1, 28, 28]);
        CheckOutput(encoderPath, encoder.OutputMetadata, VaeContract.EncoderMu, [-1, latent]);
        CheckOutput(encoderPath, encoder.OutputMetadata, VaeContract.EncoderLogVar, [-1, latent]);
        CheckSingle(decoderPath, "input", decoder.InputMetadata, VaeContract.DecoderInput, [-1, latent]);
        CheckOutput(decoderPath, decoder.OutputMetadata, VaeContract.DecoderOutput, [-1, 1, 28, 28]);
        return new ModelFacts(latent, Math.Max(hidden, decoderHidden), encoderMeta, decoderMeta);
    }

    private static ReadOnlyDictionary<string, string> ReadMetadata(InferenceSession session)
    {
        var metadata = session.ModelMetadata;
        return new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(metadata.CustomMetadataMap, StringComparer.Ordinal));
    }

    private static void CheckRole(string path, IReadOnlyDictionary<string, string> metadata, string expected)
    {
        if (!metadata.TryGetValue(VaeContract.Keys.Role, out string? role))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no '{VaeContract.Keys.Role}' metadata: not a VaeOnnx {expected} export");
        }
        if (role != expected)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"metadata role is '{role}', expected '{expected}' (encoder and decoder files swapped?)");
        }
    }

    private static int ReadPositive(string path, IReadOnlyDictionary<string, string> metadata, string key, bool required)
    {
        if (!metadata.TryGetValue(key, out string? text))
        {
            return required
                ? throw new VaeModelException(path, VaeModelFault.Invalid, $"no '{key}' metadata: not a VaeOnnx export")
                : 0;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
        {
            throw new VaeModelException(path, VaeModelFault.Invalid, $"metadata '{key}' is '{text}', expected a positive integer");
        }
        return value;
    }

    private static void CheckSingle(string path, string kind, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] shape)
    {
        if (nodes.Count != 1 || !nodes.ContainsKey(name))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"expected one {kind} '{name}', graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        CheckNode(path, kind, name, nodes[name], shape);
    }

    private static void CheckOutput(string path, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] shape)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"no output '{name}', graph has {string.Join(", ", nodes.Select(n => $"'{n.Key}' {Describe(n.Value)}"))}");
        }
        CheckNode(path, "output", name, node, shape);
    }

    /// <summary>Checks element type and shape; -1 in <paramref name="expected"/> means "must be dynamic" (the batch).</summary>
    private static void CheckNode(string path, string kind, string name, NodeMetadata node, int[] expected)
    {
        bool ok = node.IsTensor && node.ElementDataType == TensorElementType.Float && node.Dimensions.Length == expected.Length;
        for (int i = 0; ok && i < expected.Length; i++)
        {
            int actual = node.Dimensions[i];
            // The batch must be dynamic; other dimensions must match (a symbolic one is accepted and checked at run time).
            ok = expected[i] < 0 ? actual < 0 : actual == expected[i] || actual < 0;
        }
        if (!ok)
        {
            string want = "float32 [N," + string.Join(",", expected.Skip(1)) + "]";
            throw new VaeModelException(path, VaeModelFault.Invalid,
                $"{kind} '{name}' is {Describe(node)}, expected {want} with a dynamic batch dimension");
        }
    }

    private static string Describe(NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            return node.OnnxValueType.ToString();
        }
        var dims = node.Dimensions.Select((d, i) =>
            d >= 0 ? d.ToString(CultureInfo.InvariantCulture)
            : i < node.SymbolicDimensions.Length && !string.IsNullOrEmpty(node.SymbolicDimensions[i]) ? node.SymbolicDimensions[i] : "?");
        string type = node.ElementDataType switch
        {
            TensorElementType.Float => "float32",
            TensorElementType.Double => "float64",
            var t => t.ToString().ToLowerInvariant(),
        };
        return $"{type} [{string.Join(",", dims)}]";
    }
}
