using ScottPlot;
using SkiaSharp;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Tests.Figures;

/// <summary>
/// What the figures show, not only that they are there: each panel is rendered, then the pixels where the data says
/// something must be are read back through the plot's own coordinate transform.
/// </summary>
public sealed class FigureContentTests
{
    private const int Width = 900, Height = 560;

    [Fact]
    public void LossCurvesFigure_Markers_SitAtEachEpochsTrainAndTestLoss()
    {
        // Curves far apart and crossing nothing: train falls from 200, test rises from 120.
        var epochs = Enumerable.Range(1, 6).Select(e => new EpochRecord(e,
            new LossTerms(200 - (10.0 * e), 190 - (10.0 * e), 10), new LossTerms(120 + (5.0 * e), 110 + (5.0 * e), 10), 1.0, 1000, 100)).ToArray();
        var history = new HistoryFile(new TrainingHistory { Signature = VaeSignature.Default, Epochs = epochs }, null);
        var plot = FigureTheme.NewPlot();
        LossCurvesFigure.DrawTotal(plot, history);
        using var bitmap = Render(plot);

        foreach (var epoch in epochs)
        {
            AssertColourAt(bitmap, plot.GetPixel(new Coordinates(epoch.Epoch, epoch.Train!.Loss)), FigureTheme.TrainColor, $"train marker of epoch {epoch.Epoch}");
            AssertColourAt(bitmap, plot.GetPixel(new Coordinates(epoch.Epoch, epoch.Test!.Loss)), FigureTheme.TestColor, $"test marker of epoch {epoch.Epoch}");
            // Half-way between the two curves there is neither.
            var between = plot.GetPixel(new Coordinates(epoch.Epoch, (epoch.Train.Loss + epoch.Test.Loss) / 2));
            Assert.False(Near(bitmap, between, FigureTheme.TrainColor) || Near(bitmap, between, FigureTheme.TestColor),
                $"a series is drawn between the curves at epoch {epoch.Epoch}");
        }
    }

    [Fact]
    public void ConfusionMatrixFigure_Cells_CarryTheShadeOfTheirCount()
    {
        // True class down, predicted across: [[8,1,1],[0,5,5],[2,0,8]], built from the pairs it counts.
        int[,] counts = { { 8, 1, 1 }, { 0, 5, 5 }, { 2, 0, 8 } };
        var truth = new List<int>();
        var predicted = new List<int>();
        for (int t = 0; t < 3; t++)
        {
            for (int p = 0; p < 3; p++)
            {
                truth.AddRange(Enumerable.Repeat(t, counts[t, p]));
                predicted.AddRange(Enumerable.Repeat(p, counts[t, p]));
            }
        }
        var report = ClassificationReport.Compute([.. truth], [.. predicted], 3);
        var plot = FigureTheme.NewPlot();
        ConfusionMatrixFigure.DrawCounts(plot, report, "counts");
        using var bitmap = Render(plot);

        var colormap = new ScottPlot.Colormaps.Blues().Reversed();
        for (int t = 0; t < 3; t++)
        {
            for (int p = 0; p < 3; p++)
            {
                // Off the centre, where the count is written; true digit 0 is the top row.
                var pixel = plot.GetPixel(new Coordinates(p - 0.35, 2 - t + 0.35));
                var expected = colormap.GetColor(counts[t, p] / 8.0);
                AssertColourAt(bitmap, pixel, expected, $"cell (true {t}, predicted {p}) with count {counts[t, p]}");
            }
        }
    }

    private static SKBitmap Render(Plot plot) => SKBitmap.Decode(FigureTheme.RenderPng(plot, Width, Height));

    private static void AssertColourAt(SKBitmap bitmap, Pixel pixel, ScottPlot.Color expected, string what) =>
        Assert.True(Near(bitmap, pixel, expected),
            $"{what}: expected {expected.ToHex()} at ({pixel.X:0}, {pixel.Y:0}), found {bitmap.GetPixel((int)pixel.X, (int)pixel.Y)}");

    /// <summary>Whether the pixel (or one next to it, for anti-aliased edges) is within a few levels of the colour.</summary>
    private static bool Near(SKBitmap bitmap, Pixel pixel, ScottPlot.Color expected)
    {
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                var c = bitmap.GetPixel((int)Math.Round(pixel.X) + dx, (int)Math.Round(pixel.Y) + dy);
                if (Math.Abs(c.Red - expected.R) <= 6 && Math.Abs(c.Green - expected.G) <= 6 && Math.Abs(c.Blue - expected.B) <= 6)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
