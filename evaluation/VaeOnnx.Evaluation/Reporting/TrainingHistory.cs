using System.Text.Json;

namespace VaeOnnx.Evaluation.Reporting;

/// <summary>Per-sample losses of one pass: total, reconstruction (BCE) and KL divergence.</summary>
public sealed record LossTerms(double Loss, double Bce, double Kld);

/// <summary>One epoch of the trainer's history.</summary>
public sealed record EpochRecord(int Epoch, LossTerms? Train, LossTerms? Test, double? Seconds);

/// <summary>
/// The trainer's <c>training-history.json</c>, read tolerantly: property names in any case, unknown properties
/// ignored, an epoch without a number numbered by position. When the file is missing or unreadable the history
/// is empty and <see cref="Problem"/> says why, so figures can say so instead of failing.
/// </summary>
/// <param name="Epochs">Epochs in file order.</param>
/// <param name="Options">The trainer's options object, when present (kept for the report).</param>
/// <param name="Problem">Why there is no history, or null.</param>
public sealed record TrainingHistory(IReadOnlyList<EpochRecord> Epochs, JsonElement? Options, string? Problem)
{
    /// <summary>A history with no epochs and the given reason.</summary>
    public static TrainingHistory Missing(string problem) => new([], null, problem);

    /// <summary>Whether there is at least one epoch to plot.</summary>
    public bool HasEpochs => Epochs.Count > 0;

    /// <summary>Reads <paramref name="path"/>; never throws for a missing or malformed file.</summary>
    public static TrainingHistory Load(string path)
    {
        if (!File.Exists(path))
        {
            return Missing($"{path} not found");
        }
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Missing($"{path}: cannot read ({e.Message})");
        }
    }

    /// <summary>Parses history JSON; <paramref name="name"/> appears in the problem text.</summary>
    public static TrainingHistory Parse(string json, string name = "training-history.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Missing($"{name}: not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Missing($"{name}: expected a JSON object");
            }
            JsonElement? options = Property(root, "options") is { ValueKind: JsonValueKind.Object } o ? o.Clone() : null;
            if (Property(root, "epochs") is not { ValueKind: JsonValueKind.Array } epochs)
            {
                return new TrainingHistory([], options, $"{name}: no \"epochs\" array");
            }
            var records = new List<EpochRecord>();
            foreach (var epoch in epochs.EnumerateArray())
            {
                if (epoch.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                int number = Number(Property(epoch, "epoch")) is { } n ? (int)n : records.Count + 1;
                records.Add(new EpochRecord(number, Terms(Property(epoch, "train")), Terms(Property(epoch, "test")),
                    Number(Property(epoch, "seconds"))));
            }
            return new TrainingHistory(records, options, records.Count == 0 ? $"{name}: no epochs recorded" : null);
        }
    }

    private static LossTerms? Terms(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }
        double? loss = Number(Property(e, "loss"));
        double? bce = Number(Property(e, "bce")) ?? Number(Property(e, "reconstruction")) ?? Number(Property(e, "recon"));
        double? kld = Number(Property(e, "kld")) ?? Number(Property(e, "kl"));
        if (loss is null && bce is null && kld is null)
        {
            return null;
        }
        return new LossTerms(loss ?? (bce + kld) ?? double.NaN, bce ?? double.NaN, kld ?? double.NaN);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static double? Number(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e && e.TryGetDouble(out double v) ? v : null;
}
