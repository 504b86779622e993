using System.Text.Json.Nodes;
using VaeOnnx.Contract;

namespace VaeOnnx.Benchmarks.Zoo;

/// <summary>
/// Fills a <see cref="ZooRow"/> from the files other programs wrote about the member: the evaluation's
/// <c>metrics.json</c> and <c>vae bench --json</c>. Both are read as JSON trees (not through the writers' types) because
/// the benchmark does not reference the evaluation; the paths below are the writers' schema, and a number a file does
/// not hold stays null.
/// </summary>
internal static class ZooRowSources
{
    /// <summary>
    /// SSIM/PSNR/MSE from <c>reconstruction.&lt;metric&gt;.overall.mean</c>, the accuracy of every classifier that ran
    /// from <c>classifiers.runs[]</c> (<c>name</c>, <c>accuracy</c>) and the trustworthiness of every latent view from
    /// <c>latentViews.views[]</c> (<c>method</c>, <c>trustworthiness</c>; null when undefined, then left out).
    /// </summary>
    public static ZooRow WithMetrics(this ZooRow row, JsonNode? metrics)
    {
        if (metrics is null)
        {
            return row;
        }
        double? Mean(string metric) => (double?)metrics["reconstruction"]?[metric]?["overall"]?["mean"];
        var accuracies = new Dictionary<string, double>();
        foreach (var run in (metrics["classifiers"]?["runs"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if ((string?)run["name"] is { } name && (double?)run["accuracy"] is { } accuracy)
            {
                accuracies[name] = accuracy;
            }
        }
        var trust = new Dictionary<string, double>();
        foreach (var view in (metrics["latentViews"]?["views"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if ((string?)view["method"] is { } method && (double?)view["trustworthiness"] is { } t)
            {
                trust[method] = t;
            }
        }
        return row with { SsimMean = Mean("ssim"), PsnrMean = Mean("psnr"), MseMean = Mean("mse"), ClassifierAccuracy = accuracies, Trustworthiness = trust };
    }

    /// <summary>The library's decode medians at batch 1 and 1024 from a <c>vae bench</c> JSON report (<c>results[]</c>).</summary>
    public static ZooRow WithDecodeBench(this ZooRow row, JsonNode? bench)
    {
        double? P50(int batch) => (double?)(bench?["results"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["operation"] == "decode" && (string?)r["api"] == "library" && (int?)r["batch"] == batch)?["p50_us"];
        return row with { DecodeP50UsBatch1 = P50(1), DecodeP50UsBatch1024 = P50(1024) };
    }
}
