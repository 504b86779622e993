using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VaeOnnx.Training;

/// <summary>
/// Runs C# loops on libtorch's own OpenMP team (the libgomp that libtorch loaded), split by thread. Between its
/// kernels libtorch's worker threads spin, waiting for the next parallel region: a .NET thread-pool thread on the
/// other core would share that core with a spinning thread (measured on another memory-bound loop here: a two-way
/// Parallel.For took 0.30 against 0.40 ms on one thread), while a region of libgomp's own wakes the spinning worker
/// at once. Where no libgomp is loaded (another platform or
/// build), the loop runs on the calling thread.
/// </summary>
internal static unsafe class OpenMpTeam
{
    private static readonly delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void> Parallel;
    private static readonly delegate* unmanaged<int> ThreadNumber;
    private static readonly delegate* unmanaged<int> ThreadCount;

    // Looked up once, on first use: after libtorch, which loads libgomp, is in the process.
    static OpenMpTeam()
    {
        if (LoadedLibrary.TryGet("libgomp", out var library)
            && NativeLibrary.TryGetExport(library, "GOMP_parallel", out var parallel)
            && NativeLibrary.TryGetExport(library, "omp_get_thread_num", out var number)
            && NativeLibrary.TryGetExport(library, "omp_get_num_threads", out var count))
        {
            Parallel = (delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void>)parallel;
            ThreadNumber = (delegate* unmanaged<int>)number;
            ThreadCount = (delegate* unmanaged<int>)count;
        }
    }

    /// <summary>Whether loops run on libgomp's team (else on the calling thread).</summary>
    public static bool Available => Parallel != null;

    /// <summary>A loop over [0, count) that can run in contiguous pieces.</summary>
    public interface IRange
    {
        /// <summary>Runs elements [start, end). Called concurrently with disjoint ranges; must not throw.</summary>
        void Run(long start, long end);
    }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, <paramref name="count"/>), one contiguous piece per thread of the team
    /// (its size from <c>torch.set_num_threads</c>), the pieces' bounds multiples of <paramref name="align"/>.
    /// </summary>
    public static void For(long count, IRange body, int align = 16)
    {
        if (Parallel == null)
        {
            body.Run(0, count);
            return;
        }
        var job = new Job(body, count, align);
        var handle = GCHandle.Alloc(job);
        try
        {
            Parallel(&RunPiece, GCHandle.ToIntPtr(handle), 0, 0);
        }
        finally
        {
            handle.Free();
        }
    }

    private sealed record Job(IRange Body, long Count, int Align);

    [UnmanagedCallersOnly]
    private static void RunPiece(nint data)
    {
        var job = (Job)GCHandle.FromIntPtr(data).Target!;
        long part = ThreadNumber(), parts = ThreadCount();
        long start = Bound(job, part, parts), end = Bound(job, part + 1, parts);
        if (start < end)
        {
            job.Body.Run(start, end);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Bound(Job job, long part, long parts) =>
        part == parts ? job.Count : Math.Min(job.Count, job.Count * part / parts / job.Align * job.Align);
}
