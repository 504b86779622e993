using TorchSharp;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>One-time TorchSharp settings for the test process.</summary>
internal static class TorchTestSetup
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        // One thread: deterministic, fast enough for small tensors, and polite on a shared machine.
        torch.set_num_threads(1);
        return true;
    });

    /// <summary>Applies the settings (idempotent) and seeds torch's global generator.</summary>
    public static void Seed(long seed)
    {
        _ = Initialized.Value;
        torch.manual_seed(seed);
    }
}
