using System.Diagnostics;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>Wall-clock time of each named stage, in order, printed as each stage ends.</summary>
public sealed class StageTimer(Action<string> log)
{
    // Wide enough for the longest stage name, so that the seconds line up.
    private const int NameWidth = 26;

    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly List<(string Name, double Seconds)> _stages = [];

    /// <summary>Stages measured so far.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Stages => _stages;

    /// <summary>Seconds since the timer was created.</summary>
    public double TotalSeconds => _total.Elapsed.TotalSeconds;

    /// <summary>Runs <paramref name="work"/> as stage <paramref name="name"/>; <paramref name="describe"/> adds detail to the log line.</summary>
    public T Run<T>(string name, Func<T> work, Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        Record(name, clock.Elapsed.TotalSeconds, describe?.Invoke(result));
        return result;
    }

    /// <summary>Runs <paramref name="work"/> as stage <paramref name="name"/>.</summary>
    public void Run(string name, Action work, string? detail = null)
    {
        var clock = Stopwatch.StartNew();
        work();
        Record(name, clock.Elapsed.TotalSeconds, detail);
    }

    /// <summary>Records a stage measured elsewhere (e.g. on a background task).</summary>
    public void Record(string name, double seconds, string? detail = null)
    {
        _stages.Add((name, seconds));
        log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name.PadRight(NameWidth)} {seconds,7:0.000} s{(detail is null ? "" : "  " + detail)}"));
    }
}
