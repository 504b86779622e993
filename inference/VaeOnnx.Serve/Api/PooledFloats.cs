using System.Buffers;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// A float buffer of exactly <see cref="Length"/> values from the shared pool, returned on <see cref="Dispose"/>: a
/// batch of decoded images is 200 KB and more, which would otherwise be a large-object-heap allocation per request.
/// </summary>
internal sealed class PooledFloats(int length) : IDisposable
{
    private float[]? _array = ArrayPool<float>.Shared.Rent(length);

    public int Length => length;

    public Memory<float> Memory => Array.AsMemory(0, length);

    public Span<float> Span => Array.AsSpan(0, length);

    private float[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledFloats));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<float>.Shared.Return(array);
        }
    }
}
