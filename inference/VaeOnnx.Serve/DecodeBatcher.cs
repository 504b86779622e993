using System.Buffers;
using System.Threading.Channels;
using VaeOnnx.Inference;

namespace VaeOnnx.Serve;

/// <summary>How decode requests reach the model: straight through, or merged by <see cref="DecodeBatcher"/>.</summary>
internal interface IDecodeExecutor
{
    /// <summary>Decodes <paramref name="count"/> validated latent codes (row-major) into count × image-size pixels.</summary>
    Task<float[]> DecodeAsync(float[] z, int count, CancellationToken cancellationToken);
}

/// <summary>Each request runs its own ONNX Runtime call on the request's thread (the session is thread-safe).</summary>
internal sealed class DirectDecoder(VaeModel model) : IDecodeExecutor
{
    public Task<float[]> DecodeAsync(float[] z, int count, CancellationToken cancellationToken) =>
        Task.FromResult(model.Decode(z));
}

/// <summary>
/// Micro-batching: requests queue up while the model is busy, and the single worker decodes everything queued (up
/// to <see cref="MaxCodesPerRun"/> codes) in one ONNX Runtime call, then hands each request its rows. There is no
/// waiting window: an idle server decodes a lone request at once, a busy one merges what arrived meanwhile. On the
/// CPU provider here every row of a merged run came out bit-identical to decoding it alone (the tests check it; so
/// did the default model by hand). Opt-in (<c>vae serve --micro-batch</c>): see <see cref="ServeOptions.MicroBatching"/>
/// for why it is off by default.
/// </summary>
internal sealed class DecodeBatcher : IDecodeExecutor, IAsyncDisposable
{
    /// <summary>Most codes merged into one call; one request larger than this still runs (alone).</summary>
    public const int MaxCodesPerRun = 1024;

    private readonly VaeModel _model;
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private long _runs;
    private long _requests;

    public DecodeBatcher(VaeModel model)
    {
        _model = model;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>ONNX Runtime calls made so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Requests served so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public Task<float[]> DecodeAsync(float[] z, int count, CancellationToken cancellationToken)
    {
        var job = new Job(z, count, cancellationToken);
        if (!_queue.Writer.TryWrite(job))
        {
            throw new ObjectDisposedException(nameof(DecodeBatcher), "the server is shutting down");
        }
        return job.Result.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Job>();
        Job? carried = null;
        while (carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            int total = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                total = carried.Count;
                carried = null;
            }
            while (total < MaxCodesPerRun && reader.TryRead(out var job))
            {
                if (job.Cancellation.IsCancellationRequested)
                {
                    job.Result.TrySetCanceled(job.Cancellation);
                    continue;
                }
                if (total > 0 && total + job.Count > MaxCodesPerRun)
                {
                    carried = job; // starts the next run
                    break;
                }
                batch.Add(job);
                total += job.Count;
            }
            if (batch.Count > 0)
            {
                Run(batch, total);
            }
        }
    }

    private void Run(List<Job> batch, int total)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _requests, batch.Count);
        try
        {
            if (batch.Count == 1)
            {
                batch[0].Result.TrySetResult(_model.Decode(batch[0].Z));
                return;
            }
            int latent = _model.LatentDim;
            float[] z = ArrayPool<float>.Shared.Rent(total * latent);
            float[] images = ArrayPool<float>.Shared.Rent(total * _model.ImageSize);
            try
            {
                int offset = 0;
                foreach (var job in batch)
                {
                    job.Z.AsSpan(0, job.Count * latent).CopyTo(z.AsSpan(offset * latent));
                    offset += job.Count;
                }
                _model.Decode(z.AsSpan(0, total * latent), images.AsSpan(0, total * _model.ImageSize));
                offset = 0;
                foreach (var job in batch)
                {
                    int length = job.Count * _model.ImageSize;
                    job.Result.TrySetResult(images.AsSpan(offset * _model.ImageSize, length).ToArray());
                    offset += job.Count;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(z);
                ArrayPool<float>.Shared.Return(images);
            }
        }
        catch (Exception e)
        {
            foreach (var job in batch)
            {
                job.Result.TrySetException(e);
            }
        }
    }

    private sealed class Job(float[] z, int count, CancellationToken cancellation)
    {
        public float[] Z { get; } = z;
        public int Count { get; } = count;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
