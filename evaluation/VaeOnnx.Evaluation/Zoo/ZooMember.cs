using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Zoo;

/// <summary>A zoo member as <c>compare</c> shows it: its row of <see cref="ArtifactNames.ZooSummary"/> and its two folders.</summary>
/// <param name="Row">What <c>vae-bench zoo</c> gathered.</param>
/// <param name="ModelDirectory">Its encoder.onnx and decoder.onnx.</param>
/// <param name="ReportDirectory">Its own evaluation report.</param>
public sealed record ZooMember(ZooRow Row, string ModelDirectory, string ReportDirectory)
{
    /// <summary>Path of the member's report page relative to the zoo folder (where <c>index.html</c> links it from).</summary>
    public string ReportLink => $"{Row.Name}/{ArtifactNames.ReportHtml}";

    /// <summary>Why the member cannot be shown (a folder or ONNX file missing), or null when it can.</summary>
    public string? Problem()
    {
        if (!Directory.Exists(ModelDirectory))
        {
            return $"model folder {ModelDirectory} is missing";
        }
        foreach (string file in new[] { ArtifactNames.Encoder, ArtifactNames.Decoder })
        {
            if (!File.Exists(Path.Combine(ModelDirectory, file)))
            {
                return $"{Path.Combine(ModelDirectory, file)} is missing";
            }
        }
        return Directory.Exists(ReportDirectory) ? null : $"report folder {ReportDirectory} is missing";
    }
}
