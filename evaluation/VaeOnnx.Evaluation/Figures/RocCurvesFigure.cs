using System.Globalization;
using ScottPlot;
using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// <c>roc_curves.png</c>: one-vs-rest ROC curve per digit, plus the micro-average (all example/class pairs pooled)
/// and the macro-average (mean TPR over digits), with their AUCs in the legend.
/// </summary>
public static class RocCurvesFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "roc_curves.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1300, 1050);

    /// <summary>Renders the curves to PNG bytes.</summary>
    public static byte[] Render(MulticlassRoc roc, string classifierName)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, roc, $"ROC curves, one-vs-rest: {classifierName}", legend: true);
        return FigureTheme.RenderPng(plot, Size.Width, Size.Height);
    }

    /// <summary>Draws the curves into <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, MulticlassRoc roc, string title, bool legend)
    {
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LineWidth = 1.5f;
        chance.LegendText = "chance (AUC 0.5)";
        for (int c = 0; c < roc.PerClass.Length; c++)
        {
            var curve = roc.PerClass[c];
            if (double.IsNaN(curve.Auc))
            {
                continue;
            }
            var line = plot.Add.ScatterLine(curve.FalsePositiveRates, curve.TruePositiveRates, FigureTheme.DigitColor(c));
            line.LineWidth = 1.8f;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"digit {c} (AUC {curve.Auc:0.000})");
        }
        var micro = plot.Add.ScatterLine(roc.Micro.FalsePositiveRates, roc.Micro.TruePositiveRates, Colors.Black);
        micro.LineWidth = 3.5f;
        micro.LinePattern = LinePattern.Dotted;
        micro.LegendText = string.Create(CultureInfo.InvariantCulture, $"micro-average (AUC {roc.Micro.Auc:0.000})");
        var macro = plot.Add.ScatterLine(roc.MacroFalsePositiveRates, roc.MacroTruePositiveRates, Color.FromHex("#000080"));
        macro.LineWidth = 3.5f;
        macro.LinePattern = LinePattern.DenselyDashed;
        macro.LegendText = string.Create(CultureInfo.InvariantCulture, $"macro-average (AUC {roc.MacroAuc:0.000})");
        FigureTheme.Label(plot, title, "false positive rate", "true positive rate");
        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        else
        {
            plot.HideLegend();
        }
    }
}
