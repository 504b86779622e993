namespace VaeOnnx.Evaluation.Reporting;

/// <summary>Sentences the report, <c>metrics.json</c> and the console share, so that they say the same thing.</summary>
public static class ReportText
{
    /// <summary>What the classifier accuracy means for a conditional VAE.</summary>
    public const string ConditionalClassifierNote =
        "conditional VAE: the decoder is given the label, so μ is meant to carry the style, not the class; a low accuracy is expected (the lower, the less class information μ keeps)";
}
