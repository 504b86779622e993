using Microsoft.ML.OnnxRuntime;

namespace VaeOnnx.Cli.Bench;

/// <summary>
/// The floor the library is measured against: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// on OrtValues created once over preallocated, pinned managed arrays. No validation, no allocation per call.
/// </summary>
internal sealed class BareRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    /// <summary>Runs <paramref name="session"/> on <paramref name="inputs"/> (owned from now on) into float outputs of the given shapes.</summary>
    public BareRun(InferenceSession session, IReadOnlyList<(string Name, OrtValue Value)> inputs, string[] outputNames, long[][] outputShapes)
    {
        _session = session;
        _inputNames = [.. inputs.Select(i => i.Name)];
        _outputNames = outputNames;
        _inputs = [.. inputs.Select(i => i.Value)];
        _outputs = [.. outputShapes.Select(shape =>
            OrtValue.CreateTensorValueFromMemory(new float[shape.Aggregate(1L, (a, b) => a * b)], shape))];
    }

    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        foreach (var value in _inputs.Concat(_outputs))
        {
            value.Dispose();
        }
        _runOptions.Dispose();
    }
}
