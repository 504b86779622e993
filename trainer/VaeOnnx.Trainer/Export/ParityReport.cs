namespace VaeOnnx.Trainer.Export;

/// <summary>How one ONNX output compared with the TorchSharp forward pass.</summary>
/// <param name="Model">"encoder" or "decoder".</param>
/// <param name="Output">The ONNX output name (<c>mu</c>, <c>logvar</c>, <c>image</c>).</param>
/// <param name="Samples">Rows compared (images or latent codes).</param>
/// <param name="MaxAbsDiff">Largest absolute difference over all values; NaN when either side produced NaN.</param>
public sealed record OutputParity(string Model, string Output, int Samples, double MaxAbsDiff);

/// <summary>
/// Result of checking exported ONNX files against TorchSharp (eval mode, no grad) with ONNX Runtime. The trainer
/// logs it and stores it in <c>training-history.json</c>.
/// </summary>
/// <param name="Outputs">One entry per ONNX output.</param>
/// <param name="Tolerance">Largest absolute difference allowed.</param>
/// <param name="Passed">Whether every output stayed within <paramref name="Tolerance"/> (NaN never passes).</param>
/// <param name="OnnxRuntimeVersion">Version of the ONNX Runtime native library that ran the models.</param>
public sealed record ParityReport(IReadOnlyList<OutputParity> Outputs, double Tolerance, bool Passed, string OnnxRuntimeVersion)
{
    /// <summary>The largest <see cref="OutputParity.MaxAbsDiff"/> (NaN if any is NaN).</summary>
    public double MaxAbsDiff => Outputs.Aggregate(0.0, (max, o) => double.IsNaN(o.MaxAbsDiff) || double.IsNaN(max) ? double.NaN : Math.Max(max, o.MaxAbsDiff));

    /// <summary>One line per output, for logs and exception messages.</summary>
    public string Describe() => string.Join("; ", Outputs.Select(o =>
        FormattableString.Invariant($"{o.Model}/{o.Output} max |diff| {o.MaxAbsDiff:G3} over {o.Samples} samples")))
        + FormattableString.Invariant($" (tolerance {Tolerance:G3}, ONNX Runtime {OnnxRuntimeVersion})");
}
