using Microsoft.ML.OnnxRuntime;

namespace VaeOnnx.Cli.Bench;

/// <summary>
/// The floor the library is measured against: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// on OrtValues created once over pinned arrays, no validation, no allocation per call. <see cref="Run"/> first writes
/// the call's input into the bound arrays, as every caller with new data must; <see cref="RunSameInput"/> skips that.
/// The difference is not the copy (~0.06 µs for an image) but where the data is: with two intra-op threads, a Run
/// on freshly written input is ~0.4 µs slower at batch 1 than one on input that was never written, because ONNX
/// Runtime's second thread pulls the new cache lines from the other core (measured here; at one thread the two
/// are within 0.1 µs). The library always runs on fresh input, so that is its floor.
/// </summary>
internal sealed class BareRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Array[] _sources;
    private readonly Array[] _bound;
    private readonly OrtValue[] _inputs;
    private readonly float[][] _outputArrays;
    private readonly OrtValue[] _outputs;
    private readonly float[][] _newArrays;

    /// <summary>Runs <paramref name="session"/> on copies of <paramref name="inputs"/> (float or int64 arrays) into float outputs of the given shapes.</summary>
    public BareRun(InferenceSession session, IReadOnlyList<(string Name, Array Data, long[] Shape)> inputs, string[] outputNames, long[][] outputShapes)
    {
        _session = session;
        _inputNames = [.. inputs.Select(i => i.Name)];
        _outputNames = outputNames;
        _sources = [.. inputs.Select(i => i.Data)];
        _bound = [.. inputs.Select(i => (Array)i.Data.Clone())];
        _inputs = [.. inputs.Select((input, i) => _bound[i] switch
        {
            float[] values => OrtValue.CreateTensorValueFromMemory(values, input.Shape),
            long[] values => OrtValue.CreateTensorValueFromMemory(values, input.Shape),
            var other => throw new ArgumentException($"unsupported input element type {other.GetType().GetElementType()}", nameof(inputs)),
        })];
        _outputArrays = [.. outputShapes.Select(shape => new float[shape.Aggregate(1L, (a, b) => a * b)])];
        _outputs = [.. outputShapes.Select((shape, i) => OrtValue.CreateTensorValueFromMemory(_outputArrays[i], shape))];
        _newArrays = new float[_outputs.Length][];
    }

    /// <summary>Writes the call's input into the bound arrays, then runs.</summary>
    public void Run()
    {
        for (int i = 0; i < _sources.Length; i++)
        {
            Array.Copy(_sources[i], _bound[i], _sources[i].Length);
        }
        RunSameInput();
    }

    /// <summary>Runs on the bound arrays as they are (the same input as the call before).</summary>
    public void RunSameInput() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary>
    /// Writes the input, runs, and copies each output into a new array: the floor for an API that returns fresh
    /// arrays, as <c>library</c> does. A fresh array's memory was last touched a whole gen-0 budget ago (about 12 MB
    /// here), so zeroing and filling it misses the caches: for a 784-pixel image that costs 0.3–0.9 µs whether the
    /// arrays come from the GC or from a pool larger than the caches (measured here), more than 5 % of a batch-1
    /// decode and nothing any caller can skip while wanting a new array per call.
    /// </summary>
    public void RunIntoNewArrays()
    {
        Run();
        for (int i = 0; i < _outputs.Length; i++)
        {
            // Not Span.ToArray: it takes GC.AllocateUninitializedArray, whose runtime call is slower at this size than
            // a zeroed `new` (see the library's OutputArray).
            _newArrays[i] = new float[_outputArrays[i].Length];
            _outputArrays[i].CopyTo(_newArrays[i]);
        }
    }

    /// <summary>What the last run wrote into output <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Output(int index) => _outputArrays[index];

    /// <summary>The arrays the last <see cref="RunIntoNewArrays"/> filled, one per output.</summary>
    public IReadOnlyList<float[]> NewArrays => _newArrays;

    public void Dispose()
    {
        foreach (var value in _inputs.Concat(_outputs))
        {
            value.Dispose();
        }
        _runOptions.Dispose();
    }
}
