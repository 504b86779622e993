using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Inference;
using VaeOnnx.Serve.Api;

namespace VaeOnnx.Serve;

/// <summary>
/// The test-set latent means the explorer plots: read from the evaluation's <c>latents_test.npy</c> +
/// <c>labels_test.npy</c> when they exist and fit the model, else computed once at startup by running the dataset's
/// test split through the encoder (under each image's label for a conditional model); then a fixed, seeded subsample of
/// <see cref="ServeOptions.LatentPoints"/>. The page plots two coordinates per point: the two dimensions of a 2-D latent
/// space, or for more dimensions the point's offsets along the first two principal components of all the codes
/// (<see cref="LatentPca"/>, sent with the points so that the page decodes a point (a, b) as mean + a·PC1 + b·PC2).
/// Serialised once; every request gets the same bytes.
/// </summary>
internal sealed partial class LatentMap
{
    private const int SubsampleSeed = 20240607;

    private LatentMap(string? source, int total, int latentDim, float[] x, float[] y, byte[] labels, string? message, LatentPca? pca = null)
    {
        Pca = pca;
        Source = source;
        Total = total;
        LatentDim = latentDim;
        X = x;
        Y = y;
        Labels = labels;
        Message = message;
        Json = Serialize();
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Json))[..16] + "\"";
    }

    /// <summary>Where the points came from (a file, or the dataset through the encoder); null when there are none.</summary>
    public string? Source { get; }

    /// <summary>Points available before subsampling.</summary>
    public int Total { get; }

    public int LatentDim { get; }

    public int Count => Labels.Length;

    public float[] X { get; }

    public float[] Y { get; }

    public byte[] Labels { get; }

    /// <summary>The plane of a latent space of more than two dimensions; null when the map shows the dimensions themselves.</summary>
    public LatentPca? Pca { get; }

    /// <summary>Why there are no points (or what was skipped), for the page and the log.</summary>
    public string? Message { get; }

    /// <summary>The <c>GET /v1/latents</c> response body.</summary>
    public byte[] Json { get; }

    public string ETag { get; }

    public static LatentMap Empty(int latentDim, string message) => new(null, 0, latentDim, [], [], [], message);

    public static LatentMap Load(VaeModel model, ServeOptions options, ILogger logger)
    {
        int d = model.LatentDim;
        if (options.LatentPoints == 0)
        {
            return Empty(d, "the map is off (--latent-points 0)");
        }
        var clock = Stopwatch.StartNew();
        string? skipped = null;
        string latentsPath = Path.Combine(options.ReportsDirectory, ArtifactNames.LatentsTest);
        string labelsPath = Path.Combine(options.ReportsDirectory, ArtifactNames.LabelsTest);
        if (File.Exists(latentsPath) && File.Exists(labelsPath))
        {
            try
            {
                var latents = NpyFile.ReadFloat32(latentsPath);
                var labels = NpyFile.ReadFloat32(labelsPath);
                if (latents.Shape.Length != 2 || latents.Shape[1] != d)
                {
                    skipped = $"{latentsPath} has shape ({string.Join(", ", latents.Shape)}), the model's latent_dim is {d}";
                }
                else if (labels.Data.Length != latents.Rows)
                {
                    skipped = $"{labelsPath} holds {labels.Data.Length} labels for {latents.Rows} latents";
                }
                else
                {
                    var map = Subsample(latentsPath, latents.Data, labels.Data.Select(l => (byte)Math.Clamp(l, 0, 255)).ToArray(), d, options.LatentPoints);
                    LogLoaded(logger, map.Count, map.Total, map.Source!, clock.Elapsed.TotalMilliseconds);
                    return map;
                }
            }
            catch (DataFileException e)
            {
                skipped = e.Message;
            }
            LogSkipped(logger, skipped);
        }
        try
        {
            var test = MnistDataset.Load(options.DataDirectory, DatasetSplit.Test);
            var encoded = model.Signature.IsConditional
                ? model.Encode(test.Pixels, test.Labels.Select(l => (int)l).ToArray())
                : model.Encode(test.Pixels);
            string source = $"{options.DataDirectory} (test split through the encoder)";
            var map = Subsample(source, encoded.Mu, test.Labels, d, options.LatentPoints);
            LogLoaded(logger, map.Count, map.Total, source, clock.Elapsed.TotalMilliseconds);
            return map;
        }
        // ArgumentException: images of another size than the model's, or labels outside a conditional model's classes.
        catch (Exception e) when (e is IdxFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            string message = $"no test-set latents for the map: {e.Message.ReplaceLineEndings(" ")} (pass --data DIR, or run the evaluation to write {latentsPath})";
            LogNoMap(logger, message);
            return Empty(d, message);
        }
    }

    /// <summary>A seeded subsample (kept in dataset order), as map coordinates: the dimensions, or the plane of the principal components.</summary>
    internal static LatentMap Subsample(string source, float[] latents, byte[] labels, int latentDim, int points)
    {
        var pca = latentDim > 2 ? LatentPca.Fit(latents, labels.Length, latentDim) : null;
        int total = labels.Length;
        int[] picked;
        if (total <= points)
        {
            picked = Enumerable.Range(0, total).ToArray();
        }
        else
        {
            var order = Enumerable.Range(0, total).ToArray();
            var random = new Random(SubsampleSeed);
            for (int i = 0; i < points; i++)
            {
                int j = random.Next(i, total);
                (order[i], order[j]) = (order[j], order[i]);
            }
            picked = order[..points];
            Array.Sort(picked);
        }
        var x = new float[picked.Length];
        var y = new float[picked.Length];
        var l = new byte[picked.Length];
        for (int i = 0; i < picked.Length; i++)
        {
            int row = picked[i];
            if (pca is null)
            {
                x[i] = latents[row * latentDim];
                y[i] = latentDim > 1 ? latents[(row * latentDim) + 1] : 0f;
            }
            else
            {
                var (a, b) = pca.Project(latents.AsSpan(row * latentDim, latentDim));
                (x[i], y[i]) = ((float)a, (float)b);
            }
            l[i] = labels[row];
        }
        return new LatentMap(source, total, latentDim, x, y, l, null, pca);
    }

    private byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            json.WriteStartObject();
            if (Source is null)
            {
                json.WriteNull("source");
            }
            else
            {
                json.WriteString("source", Source);
            }
            json.WriteNumber("total", Total);
            json.WriteNumber("count", Count);
            json.WriteNumber("latentDim", LatentDim);
            WriteAxes(json);
            WriteArray(json, "x", X);
            WriteArray(json, "y", Y);
            json.WriteStartArray("labels");
            foreach (byte label in Labels)
            {
                json.WriteNumberValue(label);
            }
            json.WriteEndArray();
            if (Message is null)
            {
                json.WriteNull("message");
            }
            else
            {
                json.WriteString("message", Message);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// <c>axes</c>: how a map point (x, y) becomes a code, mean + x·components[0] + y·components[1] — the principal
    /// components (<c>kind</c> "pca", with the fraction of the variance each explains), or the unit vectors of the
    /// dimensions themselves (<c>kind</c> "dims", mean 0), so the page has one rule for both.
    /// </summary>
    private void WriteAxes(Utf8JsonWriter json)
    {
        json.WriteStartObject("axes");
        json.WriteString("kind", Pca is null ? "dims" : "pca");
        int planeDims = Math.Min(LatentDim, 2);
        var mean = Pca?.Mean ?? new float[LatentDim];
        float[][] components = Pca is null
            ? [.. Enumerable.Range(0, planeDims).Select(k => { var unit = new float[LatentDim]; unit[k] = 1; return unit; })]
            : [Pca.First, Pca.Second];
        WriteArray(json, "mean", mean);
        json.WriteStartArray("components");
        foreach (var component in components)
        {
            json.WriteStartArray();
            foreach (float v in component)
            {
                json.WriteNumberValue(v);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
        if (Pca is not null)
        {
            json.WriteStartArray("explained");
            // All codes equal: no variance to explain.
            double total = Pca.TotalVariance > 0 ? Pca.TotalVariance : double.PositiveInfinity;
            json.WriteNumberValue(Math.Round(Pca.FirstVariance / total, 4));
            json.WriteNumberValue(Math.Round(Pca.SecondVariance / total, 4));
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, float[] values)
    {
        json.WriteStartArray(name);
        foreach (float v in values)
        {
            json.WriteNumberValue(v);
        }
        json.WriteEndArray();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Latent map: {Count} of {Total} points from {Source} in {Ms:0} ms")]
    private static partial void LogLoaded(ILogger logger, int count, int total, string source, double ms);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Precomputed latents not used: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string? reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogNoMap(ILogger logger, string message);
}
