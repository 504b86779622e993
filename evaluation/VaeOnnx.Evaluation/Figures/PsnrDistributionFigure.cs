using ScottPlot;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>psnr_distribution.png</c>: PSNR of decoder(μ) against the test images, overall and per digit.</summary>
public static class PsnrDistributionFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "psnr_distribution.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1900, 760);

    /// <summary>Renders the figure to PNG bytes.</summary>
    public static byte[] Render(ReadOnlySpan<double> psnr, DescriptiveStatistics overall, IReadOnlyList<DescriptiveStatistics> perDigit)
    {
        var histogram = FigureTheme.NewPlot();
        DistributionPanels.Histogram(histogram, psnr, overall, "PSNR", " dB", $"PSNR over {psnr.Length:N0} test images", Color.FromHex("#9467bd"));
        var boxes = FigureTheme.NewPlot();
        DistributionPanels.PerDigitBoxes(boxes, perDigit, "PSNR", " dB", "PSNR per digit (box 25–75 %, whiskers 5–95 %)");
        return FigureTheme.RenderGrid([histogram, boxes], 1, 2, Size.Width, Size.Height,
            "Reconstruction PSNR (data range 1)");
    }
}
