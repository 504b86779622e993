using System.Buffers;
using System.Threading.Channels;
using VaeOnnx.Inference;

namespace VaeOnnx.Serve;

/// <summary>How decode requests reach the model: straight through, or merged by <see cref="DecodeBatcher"/>.</summary>
internal interface IDecodeExecutor
{
    /// <summary>
    /// Decodes <paramref name="count"/> validated latent codes (row-major, exactly count × latent values), each under
    /// its label when <paramref name="labels"/> is not null (a conditional model), into <paramref name="images"/>
    /// (exactly count × image-size values).
    /// </summary>
    Task DecodeAsync(ReadOnlyMemory<float> z, int[]? labels, int count, Memory<float> images, CancellationToken cancellationToken);
}

/// <summary>Each request runs its own ONNX Runtime call on the request's thread (the session is thread-safe).</summary>
internal sealed class DirectDecoder(VaeModel model, ServeMetrics metrics) : IDecodeExecutor
{
    public Task DecodeAsync(ReadOnlyMemory<float> z, int[]? labels, int count, Memory<float> images, CancellationToken cancellationToken)
    {
        metrics.Decode(model, z.Span, labels, count, images.Span);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Micro-batching: requests queue up while the model is busy, and the single worker decodes everything queued (up
/// to <see cref="MaxCodesPerRun"/> codes) in one ONNX Runtime call, then hands each request its rows. There is no
/// waiting window: an idle server decodes a lone request at once, a busy one merges what arrived meanwhile. On the
/// CPU provider here every row of a merged run came out bit-identical to decoding it alone (the tests check it; so
/// did the default model by hand). Labels of a conditional model travel with their rows. Opt-in
/// (<c>vae serve --micro-batch</c>): see <see cref="ServeOptions.MicroBatching"/> for why it is off by default.
/// </summary>
internal sealed class DecodeBatcher : IDecodeExecutor, IAsyncDisposable
{
    /// <summary>Most codes merged into one call; one request larger than this still runs (alone).</summary>
    public const int MaxCodesPerRun = 1024;

    private readonly VaeModel _model;
    private readonly ServeMetrics _metrics;
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private long _runs;
    private long _requests;

    public DecodeBatcher(VaeModel model, ServeMetrics metrics)
    {
        _model = model;
        _metrics = metrics;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>ONNX Runtime calls made so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Requests served so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public Task DecodeAsync(ReadOnlyMemory<float> z, int[]? labels, int count, Memory<float> images, CancellationToken cancellationToken)
    {
        var job = new Job(z, labels, count, images, cancellationToken);
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
                var only = batch[0];
                _metrics.Decode(_model, only.Z.Span, only.Labels, only.Count, only.Images.Span);
                only.Result.TrySetResult();
                return;
            }
            int latent = _model.LatentDim;
            int pixels = _model.ImageSize;
            bool labelled = batch[0].Labels is not null;
            float[] z = ArrayPool<float>.Shared.Rent(total * latent);
            float[] images = ArrayPool<float>.Shared.Rent(total * pixels);
            int[] labels = labelled ? ArrayPool<int>.Shared.Rent(total) : [];
            try
            {
                int offset = 0;
                foreach (var job in batch)
                {
                    job.Z.Span.CopyTo(z.AsSpan(offset * latent));
                    job.Labels?.CopyTo(labels.AsSpan(offset));
                    offset += job.Count;
                }
                _metrics.Decode(_model, z.AsSpan(0, total * latent), labels.AsSpan(0, labelled ? total : 0), total, images.AsSpan(0, total * pixels));
                offset = 0;
                foreach (var job in batch)
                {
                    images.AsSpan(offset * pixels, job.Count * pixels).CopyTo(job.Images.Span);
                    job.Result.TrySetResult();
                    offset += job.Count;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(z);
                ArrayPool<float>.Shared.Return(images);
                if (labelled)
                {
                    ArrayPool<int>.Shared.Return(labels);
                }
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

    private sealed class Job(ReadOnlyMemory<float> z, int[]? labels, int count, Memory<float> images, CancellationToken cancellation)
    {
        public ReadOnlyMemory<float> Z { get; } = z;
        public int[]? Labels { get; } = labels;
        public int Count { get; } = count;
        public Memory<float> Images { get; } = images;
        public CancellationToken Cancellation { get; } = cancellation;
        public TaskCompletionSource Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
