using Microsoft.ML.OnnxRuntime;

namespace VaeOnnx.Inference;

// Session creation: execution providers, the CUDA attempt and its one-line fallback.
public sealed partial class VaeModel
{
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
}
