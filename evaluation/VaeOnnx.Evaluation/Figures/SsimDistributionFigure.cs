using ScottPlot;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>ssim_distribution.png</c>: SSIM of decoder(μ) against the test images, overall and per digit.</summary>
public static class SsimDistributionFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "ssim_distribution.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1900, 760);

    /// <summary>Renders the figure to PNG bytes.</summary>
    public static byte[] Render(ReadOnlySpan<double> ssim, DescriptiveStatistics overall, IReadOnlyList<DescriptiveStatistics> perDigit)
    {
        var histogram = FigureTheme.NewPlot();
        DistributionPanels.Histogram(histogram, ssim, overall, "SSIM", "", $"SSIM over {ssim.Length:N0} test images", Color.FromHex("#2ca02c"));
        var boxes = FigureTheme.NewPlot();
        DistributionPanels.PerDigitBoxes(boxes, perDigit, "SSIM", "", "SSIM per digit (box 25–75 %, whiskers 5–95 %)");
        return FigureTheme.RenderGrid([histogram, boxes], 1, 2, Size.Width, Size.Height,
            "Reconstruction SSIM (7×7 uniform window, data range 1)");
    }
}
