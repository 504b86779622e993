using System.Collections.Concurrent;
using VaeOnnx.Training;
using static TorchSharp.torch;

namespace VaeOnnx.Trainer.Tests;

/// <summary>C# loops on libtorch's OpenMP team: found, split by thread into aligned pieces that cover the range once.</summary>
[Collection(TorchCollection.Name)]
public sealed class OpenMpTeamTests
{
    private sealed class Recorder : OpenMpTeam.IRange
    {
        public ConcurrentBag<(long Start, long End, int Thread)> Pieces { get; } = [];

        public void Run(long start, long end) => Pieces.Add((start, end, Environment.CurrentManagedThreadId));
    }

    internal static T WithThreads<T>(int threads, Func<T> body)
    {
        int before = get_num_threads();
        set_num_threads(threads);
        try
        {
            return body();
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void For_TeamOfTwo_TwoAlignedPiecesOnTwoThreads()
    {
        var recorder = WithThreads(2, () =>
        {
            var r = new Recorder();
            OpenMpTeam.For(1000, r, align: 16);
            return r;
        });

        Assert.True(OpenMpTeam.Available, "libtorch's libgomp was not found in the process");
        Assert.Equal([(0L, 496L), (496L, 1000L)], recorder.Pieces.Select(p => (p.Start, p.End)).Order());
        Assert.Equal(2, recorder.Pieces.Select(p => p.Thread).Distinct().Count());
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5)]
    [InlineData(2, 0)]
    public void For_RangeSmallerThanTheTeam_CoveredOnce(int threads, long count)
    {
        var recorder = WithThreads(threads, () =>
        {
            var r = new Recorder();
            OpenMpTeam.For(count, r, align: 16);
            return r;
        });

        var covered = recorder.Pieces.SelectMany(p => Enumerable.Range((int)p.Start, (int)(p.End - p.Start))).Order();
        Assert.Equal(Enumerable.Range(0, (int)count), covered);
    }
}
