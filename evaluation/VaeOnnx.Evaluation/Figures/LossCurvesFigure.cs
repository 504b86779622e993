using ScottPlot;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Reporting;

namespace VaeOnnx.Evaluation.Figures;

/// <summary><c>loss_curves.png</c>: total, reconstruction (BCE) and KL loss per sample, train vs test, per epoch.</summary>
public static class LossCurvesFigure
{
    /// <summary>File name in the report folder.</summary>
    public const string FileName = "loss_curves.png";

    /// <summary>Size of the figure in pixels.</summary>
    public static (int Width, int Height) Size => (1800, 560);

    /// <summary>Renders the figure to PNG bytes.</summary>
    public static byte[] Render(HistoryFile history)
    {
        var panels = new[]
        {
            Panel(history, "Total loss (BCE + KL)", t => t.Loss),
            Panel(history, "Reconstruction loss (BCE)", t => t.Bce),
            Panel(history, "KL divergence", t => t.Kld),
        };
        return FigureTheme.RenderGrid(panels, 1, 3, Size.Width, Size.Height, "Training history (per sample, nats)",
            history.HasEpochs ? null : history.Problem);
    }

    /// <summary>Draws the total loss into <paramref name="plot"/> (used by the summary figure).</summary>
    public static void DrawTotal(Plot plot, HistoryFile history) =>
        Draw(plot, history, "Loss per sample (BCE + KL)", t => t.Loss);

    private static Plot Panel(HistoryFile history, string title, Func<LossTerms, double> select)
    {
        var plot = FigureTheme.NewPlot();
        Draw(plot, history, title, select);
        return plot;
    }

    private static void Draw(Plot plot, HistoryFile history, string title, Func<LossTerms, double> select)
    {
        if (!history.HasEpochs)
        {
            FigureTheme.Message(plot, title, $"no training history\n({ArtifactNames.History} missing)");
            return;
        }
        bool any = false;
        any |= AddSeries(plot, history, e => e.Train, select, "train", FigureTheme.TrainColor);
        any |= AddSeries(plot, history, e => e.Test, select, "test", FigureTheme.TestColor);
        if (!any)
        {
            FigureTheme.Message(plot, title, $"not recorded in {ArtifactNames.History}");
            return;
        }
        FigureTheme.Label(plot, title, "epoch", "loss per sample");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
    }

    private static bool AddSeries(Plot plot, HistoryFile history, Func<EpochRecord, LossTerms?> pass,
        Func<LossTerms, double> select, string label, Color color)
    {
        var points = history.Epochs
            .Where(e => pass(e) is { } t && double.IsFinite(select(t)))
            .Select(e => (X: (double)e.Epoch, Y: select(pass(e)!)))
            .ToArray();
        if (points.Length == 0)
        {
            return false;
        }
        var scatter = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), color);
        scatter.LegendText = label;
        scatter.LineWidth = 2.5f;
        scatter.MarkerSize = points.Length > 40 ? 0 : 7;
        return true;
    }
}
