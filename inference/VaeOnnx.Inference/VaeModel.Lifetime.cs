namespace VaeOnnx.Inference;

// Disposal that is safe while other threads are inside a call: every ONNX Runtime call is counted, Dispose marks
// the model disposed and waits for the calls in flight before it releases the native sessions (releasing them under
// a running Run would crash the process). Calls that start afterwards throw ObjectDisposedException.
public sealed partial class VaeModel
{
    /// <summary>
    /// Releases both sessions, after any call still running on another thread has finished. Calls after disposal throw
    /// <see cref="ObjectDisposedException"/>; disposing twice does nothing.
    /// </summary>
    public void Dispose()
    {
        // Exchange is a full fence: a call that increments the counter after this line sees the flag (see Enter).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        SpinWait.SpinUntil(() => Volatile.Read(ref _activeCalls) == 0);
        _encoder.Dispose();
        _decoder.Dispose();
        _runOptions.Dispose();
        foreach (var buffers in _single.Values)
        {
            buffers.Dispose();
        }
        _single.Dispose();
    }

    private void Enter()
    {
        Interlocked.Increment(ref _activeCalls);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Decrement(ref _activeCalls);
            throw new ObjectDisposedException(nameof(VaeModel));
        }
    }

    private void Exit() => Interlocked.Decrement(ref _activeCalls);
}
