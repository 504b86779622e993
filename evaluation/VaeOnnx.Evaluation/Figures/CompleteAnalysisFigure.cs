using System.Globalization;
using ScottPlot;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>Everything the summary figure shows.</summary>
/// <param name="History">Training history (may be empty).</param>
/// <param name="Plane">Test latents on the plane.</param>
/// <param name="Manifold">Decoded grid over the plane.</param>
/// <param name="Image">Shape of every image: the model's image shape.</param>
/// <param name="Originals">First test images, one after the other.</param>
/// <param name="Reconstructions">Their reconstructions decoder(μ).</param>
/// <param name="Ssim">SSIM per evaluated test image.</param>
/// <param name="Samples">Images decoded from N(0, I).</param>
/// <param name="Interpolation">Interpolation rows.</param>
/// <param name="Classification">Classifier report.</param>
/// <param name="Roc">Classifier ROC analysis.</param>
/// <param name="SsimStats">SSIM summary.</param>
/// <param name="PsnrStats">PSNR summary.</param>
/// <param name="MseStats">MSE summary.</param>
/// <param name="ClassifierName">Name of the classifier for titles.</param>
/// <param name="LatentDim">Size of the latent space.</param>
public sealed record CompleteAnalysisInputs(
    HistoryFile History, LatentPlane Plane, ManifoldGrid Manifold, ImageShape Image, float[] Originals, float[] Reconstructions,
    double[] Ssim, float[] Samples, InterpolationRows Interpolation, ClassificationReport Classification,
    MulticlassRoc Roc, DescriptiveStatistics SsimStats, DescriptiveStatistics PsnrStats,
    DescriptiveStatistics MseStats, string ClassifierName, int LatentDim);

/// <summary>
/// <c>vae_mnist_complete_analysis.png</c>: the one-page summary, 3×3 panels: loss curves, latent space, latent
/// manifold; reconstructions, generated samples, interpolation; confusion matrix, ROC curves, SSIM/PSNR summary.
/// </summary>
public static class CompleteAnalysisFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "vae_mnist_complete_analysis.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (2700, 2400);

    /// <summary>Renders the summary to PNG bytes.</summary>
    public static byte[] Render(CompleteAnalysisInputs input)
    {
        var panels = Enumerable.Range(0, 9).Select(_ => FigureTheme.NewPlot()).ToArray();
        LossCurvesFigure.DrawTotal(panels[0], input.History);
        LatentSpaceFigure.Draw(panels[1], input.Plane, markerSize: 3f, legend: true,
            title: input.Plane.Method == EmbeddingMethod.Latent ? "Latent space (test μ)" : $"Latent space (test μ, {input.Plane.Method.Title})");
        LatentManifoldFigure.Draw(panels[2], input.Manifold, "Latent manifold", compact: true);
        ReconstructionsFigure.Draw(panels[3], input.Originals, input.Reconstructions, input.Ssim, input.Image, 6, "Originals / reconstructions", blocks: 3);
        GeneratedSamplesFigure.Draw(panels[4], input.Samples, input.Image, "Generated from z ~ N(0, I)");
        InterpolationFigure.Draw(panels[5], input.Interpolation, "Latent interpolation", maxRows: 5, stepLabels: false);
        ConfusionMatrixFigure.DrawNormalised(panels[6], input.Classification, "Confusion matrix (row-normalised)", cellFont: 11);
        RocCurvesFigure.Draw(panels[7], input.Roc, "ROC curves (one-vs-rest)", legend: true);
        panels[7].Legend.FontSize = 11;
        DistributionPanels.Histogram(panels[8], input.Ssim, input.SsimStats, "SSIM", "", "Reconstruction quality", Color.FromHex("#2ca02c"));
        var summary = panels[8].Add.Annotation(string.Create(CultureInfo.InvariantCulture,
            $"SSIM {input.SsimStats.Mean:0.000} ± {input.SsimStats.Std:0.000}\nPSNR {input.PsnrStats.Mean:0.00} ± {input.PsnrStats.Std:0.00} dB\nMSE {input.MseStats.Mean:0.0000}\n({input.SsimStats.Count + input.SsimStats.NonFiniteCount:N0} test images)"),
            Alignment.UpperRight);
        FigureTheme.StyleNote(summary);
        summary.LabelFontSize = FigureTheme.LabelSize;
        string title = string.Create(CultureInfo.InvariantCulture,
            $"VAE on MNIST: complete analysis  (latent dim {input.LatentDim}; {input.ClassifierName} accuracy {input.Classification.Accuracy:0.000}, micro-AUC {input.Roc.Micro.Auc:0.000}; SSIM {input.SsimStats.Mean:0.000}, PSNR {input.PsnrStats.Mean:0.00} dB)");
        return FigureTheme.RenderGrid(panels, 3, 3, Size.Width, Size.Height, title, input.Plane.Note);
    }
}
