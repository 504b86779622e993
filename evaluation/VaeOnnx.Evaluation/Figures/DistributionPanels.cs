using System.Globalization;
using ScottPlot;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// The two panels the metric-distribution figures share (not a figure itself): a histogram of the metric over
/// the evaluated images with mean and median marked, and a box plot per digit (box 25–75 %, whiskers 5–95 %,
/// line at the median, dot at the mean).
/// </summary>
public static class DistributionPanels
{
    /// <summary>Draws the histogram of the finite values of <paramref name="values"/>.</summary>
    public static void Histogram(Plot plot, ReadOnlySpan<double> values, DescriptiveStatistics overall, string metric,
        string unit, string title, Color color, int bins = 50)
    {
        var finite = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }
        if (finite.Count == 0)
        {
            FigureTheme.Message(plot, title, $"no finite {metric} values");
            return;
        }
        double lo = finite.Min(), hi = finite.Max();
        if (hi - lo < 1e-9)
        {
            lo -= 0.5;
            hi += 0.5;
        }
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(bins, lo, hi);
        histogram.AddRange(finite);
        var bars = plot.Add.Histogram(histogram, color.WithAlpha(0.8));
        bars.BarWidthFraction = 0.92;
        var mean = plot.Add.VerticalLine(overall.Mean, 2.5f, Colors.Black, LinePattern.Solid);
        mean.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean {overall.Mean:0.000}{unit}");
        var median = plot.Add.VerticalLine(overall.Median, 2.5f, Colors.Black, LinePattern.Dashed);
        median.LegendText = string.Create(CultureInfo.InvariantCulture, $"median {overall.Median:0.000}{unit}");
        string label = unit.Length == 0 ? metric : $"{metric} ({unit.Trim()})";
        FigureTheme.Label(plot, title, label, "images");
        plot.ShowLegend(Alignment.UpperLeft);
        if (overall.NonFiniteCount > 0)
        {
            var note = plot.Add.Annotation(
                string.Create(CultureInfo.InvariantCulture, $"{overall.NonFiniteCount} image(s) with {metric} = +∞ not shown"),
                Alignment.UpperRight);
            FigureTheme.StyleNote(note);
        }
    }

    /// <summary>Draws one box per digit.</summary>
    public static void PerDigitBoxes(Plot plot, IReadOnlyList<DescriptiveStatistics> perDigit, string metric, string unit, string title)
    {
        var means = new List<Coordinates>();
        for (int d = 0; d < perDigit.Count; d++)
        {
            var s = perDigit[d];
            if (s.Count == 0)
            {
                continue;
            }
            var color = FigureTheme.DigitColor(d);
            // One box plot per digit: a BoxPlot paints all its boxes with one fill.
            var boxPlot = plot.Add.Box(new Box
            {
                Position = d,
                BoxMin = s.P25,
                BoxMax = s.P75,
                BoxMiddle = s.Median,
                WhiskerMin = s.P5,
                WhiskerMax = s.P95,
                Width = 0.7,
            });
            boxPlot.FillColor = color.WithAlpha(0.55);
            boxPlot.LineColor = color.Darken(0.4);
            boxPlot.LineWidth = 1.8f;
            means.Add(new Coordinates(d, s.Mean));
        }
        var dots = plot.Add.Markers(means.ToArray(), MarkerShape.FilledDiamond, 9, Colors.Black);
        dots.LegendText = "mean";
        var ticks = Enumerable.Range(0, perDigit.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks,
            ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        string label = unit.Length == 0 ? metric : $"{metric} ({unit.Trim()})";
        FigureTheme.Label(plot, title, "digit", label);
        plot.Axes.SetLimitsX(-0.6, perDigit.Count - 0.4);
        plot.ShowLegend(Alignment.LowerRight);
    }
}
