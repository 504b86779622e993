using ScottPlot;
using SkiaSharp;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// The one look every figure shares: DejaVu Sans (ScottPlot would fall back to a serif face), font sizes readable
/// in a report, digit colours, the grey colour map for images, and PNG rendering with an optional figure title.
/// </summary>
public static class FigureTheme
{
    /// <summary>Panel title size in points.</summary>
    public const float TitleSize = 20;

    /// <summary>Axis label size.</summary>
    public const float LabelSize = 16;

    /// <summary>Tick label size.</summary>
    public const float TickSize = 13;

    /// <summary>Legend text size.</summary>
    public const float LegendSize = 13;

    /// <summary>Figure (super-)title size for multi-panel figures.</summary>
    public const float FigureTitleSize = 26;

    /// <summary>Font family used everywhere.</summary>
    public const string FontFamily = "DejaVu Sans";

    private static readonly object Gate = new();
    private static bool _initialised;

    /// <summary>Colours of digits 0–9 (matplotlib's tab10).</summary>
    public static IReadOnlyList<Color> DigitColors { get; } = new ScottPlot.Palettes.Category10().Colors;

    /// <summary>Colour of digit <paramref name="digit"/>.</summary>
    public static Color DigitColor(int digit) => DigitColors[digit % DigitColors.Count];

    /// <summary>Train-set series colour.</summary>
    public static Color TrainColor => Color.FromHex("#1f77b4");

    /// <summary>Test-set series colour.</summary>
    public static Color TestColor => Color.FromHex("#d62728");

    /// <summary>Colour for text that reports an absence (no data, undefined value).</summary>
    public static Color MutedColor => Color.FromHex("#666666");

    /// <summary>Sets ScottPlot's default font once per process.</summary>
    public static void EnsureInitialised()
    {
        lock (Gate)
        {
            if (!_initialised)
            {
                Fonts.Default = FontFamily;
                _initialised = true;
            }
        }
    }

    /// <summary>A new plot with the theme applied.</summary>
    public static Plot NewPlot()
    {
        EnsureInitialised();
        var plot = new Plot();
        Apply(plot);
        return plot;
    }

    /// <summary>Applies fonts and sizes to <paramref name="plot"/>.</summary>
    public static void Apply(Plot plot)
    {
        EnsureInitialised();
        plot.Font.Set(FontFamily);
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = LabelSize;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = TickSize;
        }
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = FontFamily;
    }

    /// <summary>Sets title (none when empty) and axis labels.</summary>
    public static void Label(Plot plot, string title, string? xLabel = null, string? yLabel = null)
    {
        if (title.Length > 0)
        {
            plot.Title(title, TitleSize);
        }
        if (xLabel is not null)
        {
            plot.XLabel(xLabel, LabelSize);
        }
        if (yLabel is not null)
        {
            plot.YLabel(yLabel, LabelSize);
        }
    }

    /// <summary>
    /// A legend of the ten digit colours with large markers (legend items of their own: ScottPlot's
    /// <c>MarkerShapeOverride</c> would also enlarge the markers of the plot itself).
    /// </summary>
    public static void DigitLegend(Plot plot, Edge edge)
    {
        plot.Legend.ManualItems.Clear();
        for (int digit = 0; digit < 10; digit++)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = digit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MarkerShape = MarkerShape.FilledCircle,
                MarkerSize = 12,
                MarkerFillColor = DigitColor(digit),
                MarkerLineColor = DigitColor(digit),
                LineWidth = 0,
                LabelFontSize = LegendSize + 2,
            });
        }
        plot.ShowLegend(edge);
    }

    /// <summary>A plain boxed note (white, thin grey border) instead of ScottPlot's yellow annotation.</summary>
    public static void StyleNote(ScottPlot.Plottables.Annotation note)
    {
        note.LabelFontSize = LegendSize + 1;
        note.LabelFontName = FontFamily;
        note.LabelBackgroundColor = Colors.White.WithAlpha(0.9);
        note.LabelBorderColor = Colors.Gray;
        note.LabelBorderWidth = 1;
        note.LabelShadowColor = Colors.Transparent;
        note.LabelPadding = 8;
    }

    /// <summary>Writes a centred message into an otherwise empty panel (e.g. "no training history").</summary>
    public static void Message(Plot plot, string title, string message)
    {
        plot.Title(title, TitleSize);
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.LabelFontSize = LabelSize;
        text.LabelFontColor = MutedColor;
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelFontName = FontFamily;
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.HideAxesAndGrid();
    }

    /// <summary>Renders one plot to PNG bytes.</summary>
    public static byte[] RenderPng(Plot plot, int width, int height) =>
        plot.GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>
    /// Renders several panels in a grid to PNG bytes, with an optional figure title above them and an optional
    /// note below (e.g. "axes: first two principal components").
    /// </summary>
    public static byte[] RenderGrid(IReadOnlyList<Plot> panels, int rows, int columns, int width, int height,
        string? title = null, string? footnote = null)
    {
        EnsureInitialised();
        // A Multiplot starts with the plot it is given (a fresh one when none is): seed it with the first panel.
        var multiplot = new Multiplot(panels[0]);
        foreach (var panel in panels.Skip(1))
        {
            multiplot.AddPlot(panel);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        float top = title is null ? 0 : FigureTitleSize * 2.2f;
        float bottom = footnote is null ? 0 : LabelSize * 2.4f;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // The grid layout fills the rectangle it is given from its origin: shift the canvas instead.
        canvas.Save();
        canvas.Translate(0, top);
        canvas.ClipRect(new SKRect(0, 0, width, height - top - bottom));
        multiplot.Render(canvas, new PixelRect(0, width, height - top - bottom, 0));
        canvas.Restore();
        using var typeface = SKTypeface.FromFamilyName(FontFamily, SKFontStyle.Bold) ?? SKTypeface.Default;
        using var regular = SKTypeface.FromFamilyName(FontFamily) ?? SKTypeface.Default;
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        if (title is not null)
        {
            using var font = new SKFont(typeface, FigureTitleSize);
            canvas.DrawText(title, width / 2f, (FigureTitleSize * 1.5f), SKTextAlign.Center, font, paint);
        }
        if (footnote is not null)
        {
            using var font = new SKFont(regular, LabelSize);
            paint.Color = new SKColor(0x44, 0x44, 0x44);
            canvas.DrawText(footnote, width / 2f, height - (LabelSize * 0.8f), SKTextAlign.Center, font, paint);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
