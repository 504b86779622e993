namespace VaeOnnx.Inference;

/// <summary>The arrays the library returns (latents, images, class probabilities).</summary>
internal static class OutputArray
{
    /// <summary>
    /// A returned float array. Below 64 Ki values a plain <c>new</c> is fastest: the JIT's allocation helper hands out
    /// memory the GC zeroed ahead, while GC.AllocateUninitializedArray takes a slower runtime call from 2 KiB up
    /// (measured here for one 784-pixel image: 0.12 µs against 0.48 µs, allocation and fill, p50 — +3 % of a
    /// batch-1 decode). For large batches skipping the zeroing wins (1024 images: 1.49 ms against 1.70 ms).
    /// </summary>
    public static float[] Float(int length) => length < (1 << 16) ? new float[length] : GC.AllocateUninitializedArray<float>(length);
}
