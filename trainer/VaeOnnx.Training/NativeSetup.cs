using System.Globalization;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// What libtorch's native libraries need before the first torch call: thread settings for its OpenMP pool, and MKL's
/// kernel choice (<see cref="MklDispatch"/>), which MKL makes at its first product. libgomp reads its variables once,
/// at load, from the C environment: <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach
/// it, so the values go through libc's setenv before the first torch call.
/// </summary>
internal static partial class NativeSetup
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Sets OpenMP's thread count before libtorch loads, pins torch's pools to it and lets MKL choose its kernels by
    /// CPU features.
    /// </summary>
    /// <returns>The thread count in effect.</returns>
    public static int Configure(int requested)
    {
        int threads = requested > 0 ? requested : Environment.ProcessorCount;
        if (OperatingSystem.IsLinux())
        {
            // Do not override what the user exported explicitly.
            _ = SetEnv("OMP_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture), 0);
        }
        set_num_threads(threads);
        // After the call above has loaded libtorch (MklDispatch needs it mapped), before any product.
        MklDispatch.Configure();
        return threads;
    }
}
