using System.Text.Json.Nodes;

namespace VaeOnnx.Benchmarks.Zoo;

/// <summary>One line of the zoo's table: what a member costs and what it buys, gathered from its own files.</summary>
internal sealed record ZooRow
{
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required double Beta { get; init; }
    public required long Parameters { get; init; }
    public required long OnnxBytes { get; init; }
    public required int Epochs { get; init; }
    public required double TrainSecondsPerEpoch { get; init; }
    public required double TestLoss { get; init; }
    public required double TestBce { get; init; }
    public required double TestKld { get; init; }
    public double? SsimMean { get; init; }
    public double? PsnrMean { get; init; }
    public double? MseMean { get; init; }
    public Dictionary<string, double> ClassifierAccuracy { get; init; } = [];
    public Dictionary<string, double> Trustworthiness { get; init; } = [];
    public double? DecodeP50UsBatch1 { get; init; }
    public double? DecodeP50UsBatch1024 { get; init; }

    /// <summary>The evaluation's numbers this row takes from <c>metrics.json</c> (absent ones stay null).</summary>
    public ZooRow WithMetrics(JsonNode? metrics)
    {
        if (metrics is null)
        {
            return this;
        }
        double? Mean(string metric) => (double?)metrics["reconstruction"]?[metric]?["overall"]?["mean"];
        var accuracies = new Dictionary<string, double>();
        // One classifier ("classifier") or several ("classifiers"), as the evaluation reports them.
        var classifiers = metrics["classifiers"] is JsonArray many ? many.OfType<JsonObject>() : metrics["classifier"] is JsonObject one ? [one] : [];
        foreach (var c in classifiers)
        {
            if ((string?)c["name"] is { } name && (double?)c["accuracy"] is { } accuracy)
            {
                accuracies[name] = accuracy;
            }
        }
        var trust = new Dictionary<string, double>();
        foreach (var view in (metrics["embeddings"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if ((string?)view["method"] is { } method && (double?)view["trustworthiness"] is { } t)
            {
                trust[method] = t;
            }
        }
        return this with { SsimMean = Mean("ssim"), PsnrMean = Mean("psnr"), MseMean = Mean("mse"), ClassifierAccuracy = accuracies, Trustworthiness = trust };
    }

    /// <summary>The decode latencies this row takes from a <c>vae bench</c> JSON report.</summary>
    public ZooRow WithDecodeBench(JsonNode? bench)
    {
        double? P50(int batch) => (double?)(bench?["results"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["operation"] == "decode" && (string?)r["api"] == "library" && (int?)r["batch"] == batch)?["p50_us"];
        return this with { DecodeP50UsBatch1 = P50(1), DecodeP50UsBatch1024 = P50(1024) };
    }
}
