using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VaeOnnx.Benchmarks;

/// <summary>Speed of training at one thread count.</summary>
public sealed record TrainingResult(int Threads, Spread SecondsPerEpoch, double ImagesPerSecond, double GflopPerEpoch, double CeilingGflops, double FractionOfCeiling);

/// <summary>Latency of one eager-decoder batch size, milliseconds.</summary>
public sealed record EagerResult(int Batch, Spread Milliseconds, double ImagesPerSecond);

/// <summary>Everything `make bench` measured on one machine.</summary>
public sealed record BenchReport
{
    public required string Date { get; init; }
    public required string Host { get; init; }
    public required int Cores { get; init; }
    public required string Os { get; init; }
    public required string TorchSharp { get; init; }
    public Dictionary<string, Spread> MatmulGflops { get; } = [];
    public List<TrainingResult> Training { get; } = [];
    public Dictionary<string, StepProfile.Phases> StepMilliseconds { get; } = [];
    public List<EagerResult> EagerDecoder { get; } = [];
    public JsonNode? Inference { get; set; }
    public JsonNode? Serve { get; set; }
    public Dictionary<string, double> EndToEndSeconds { get; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The tables printed after a run and written beside the JSON.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# VaeOnnx benchmark — {Host}, {Date}");
        md.AppendLine();
        md.AppendLine(c, $"{Cores} cores, {Os}, TorchSharp {TorchSharp}. Spread is min / median / max.");
        md.AppendLine();
        md.AppendLine("| float32 matmul (torch.mm 2048²) | GFLOP/s |");
        md.AppendLine("|---|---|");
        foreach (var (threads, spread) in MatmulGflops)
        {
            md.AppendLine(c, $"| {threads} | {spread.Min:F0} / {spread.Median:F0} / {spread.Max:F0} |");
        }
        md.AppendLine();
        md.AppendLine("| training, batch 128, 784-400-2 | s/epoch | images/s | GFLOP/epoch | share of matmul ceiling |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in Training)
        {
            md.AppendLine(c, $"| {t.Threads} thread(s) | {t.SecondsPerEpoch.Min:F2} / {t.SecondsPerEpoch.Median:F2} / {t.SecondsPerEpoch.Max:F2} | {t.ImagesPerSecond:N0} | {t.GflopPerEpoch:F0} | {t.FractionOfCeiling:P0} |");
        }
        md.AppendLine();
        md.AppendLine("| step breakdown (ms/step, all cores) | data | forward | loss | backward | optimizer | total |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (name, p) in StepMilliseconds)
        {
            md.AppendLine(c, $"| {name} | {p.Data:F3} | {p.Forward:F3} | {p.Loss:F3} | {p.Backward:F3} | {p.Optimizer:F3} | {p.Total:F3} |");
        }
        md.AppendLine();
        md.AppendLine("| TorchSharp eager decoder | p50 ms | p95 ms | images/s |");
        md.AppendLine("|---|---|---|---|");
        foreach (var e in EagerDecoder)
        {
            md.AppendLine(c, $"| batch {e.Batch} | {e.Milliseconds.Median:F4} | {e.Milliseconds.P95:F4} | {e.ImagesPerSecond:N0} |");
        }
        if (EndToEndSeconds.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| end to end (after build) | seconds |");
            md.AppendLine("|---|---|");
            foreach (var (stage, seconds) in EndToEndSeconds)
            {
                md.AppendLine(c, $"| {stage} | {seconds:F1} |");
            }
        }
        if (Inference is not null)
        {
            md.AppendLine();
            md.AppendLine("ONNX Runtime figures (`vae bench`) are in the JSON under `inference`, HTTP load figures under `serve`.");
        }
        return md.ToString();
    }
}
