using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>
/// One member of <see cref="ArtifactNames.ZooSummary"/> (a JSON array of rows): what the member is, what it cost and
/// what it buys, gathered by <c>vae-bench zoo</c> from the member's own files and read back by
/// <c>vae-evaluate compare</c>. Numbers the member's evaluation or decode timing did not give are null.
/// </summary>
public sealed record ZooRow
{
    /// <summary>Options of the JSON form: camelCase, indented, nulls kept (an absent number reads as "not measured").</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Model descriptions hold "→": written as is, not as \u2192, so the file reads as it prints.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Folder name of the member under the zoo's models and reports roots, e.g. <c>conv-16</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The model in words (<see cref="VaeSignature.Describe"/>).</summary>
    public required string Model { get; init; }

    /// <summary>Weight of the KL term it was trained with.</summary>
    public required double Beta { get; init; }

    /// <summary>Trainable parameters of the whole VAE.</summary>
    public required long Parameters { get; init; }

    /// <summary>Bytes of encoder.onnx plus decoder.onnx.</summary>
    public required long OnnxBytes { get; init; }

    /// <summary>Epochs trained.</summary>
    public required int Epochs { get; init; }

    /// <summary>Median wall seconds of one training epoch.</summary>
    public required double TrainSecondsPerEpoch { get; init; }

    /// <summary>Wall seconds of all training epochs together.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Training loss per sample of the last epoch.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Test loss per sample of the last epoch.</summary>
    public required double TestLoss { get; init; }

    /// <summary>Test reconstruction term (binary cross-entropy) per sample of the last epoch.</summary>
    public required double TestBce { get; init; }

    /// <summary>Test KL term per sample of the last epoch.</summary>
    public required double TestKld { get; init; }

    /// <summary>Mean SSIM of the evaluated reconstructions.</summary>
    public double? SsimMean { get; init; }

    /// <summary>Mean finite PSNR (dB) of the evaluated reconstructions.</summary>
    public double? PsnrMean { get; init; }

    /// <summary>Mean per-pixel squared error of the evaluated reconstructions.</summary>
    public double? MseMean { get; init; }

    /// <summary>Test accuracy on μ by classifier name (e.g. "RandomForest").</summary>
    public IReadOnlyDictionary<string, double> ClassifierAccuracy { get; init; } = new Dictionary<string, double>();

    /// <summary>Trustworthiness of each two-dimensional view of the latent space by method id (e.g. "pca", "tsne").</summary>
    public IReadOnlyDictionary<string, double> Trustworthiness { get; init; } = new Dictionary<string, double>();

    /// <summary>Median microseconds of decoding one code through the library.</summary>
    public double? DecodeP50UsBatch1 { get; init; }

    /// <summary>Median microseconds of decoding 1024 codes in one call through the library.</summary>
    public double? DecodeP50UsBatch1024 { get; init; }

    /// <summary>The rows as the JSON array of <see cref="ArtifactNames.ZooSummary"/>.</summary>
    public static string ToJson(IEnumerable<ZooRow> rows) => JsonSerializer.Serialize(rows, Json);

    /// <summary>Parses the JSON array; <paramref name="name"/> is used in the message of a failure.</summary>
    /// <exception cref="FormatException">Not a JSON array of rows, a row without a name or with a path as its name, or two rows of one name; one-line message.</exception>
    public static IReadOnlyList<ZooRow> Parse(string json, string name = ArtifactNames.ZooSummary)
    {
        List<ZooRow?>? rows;
        try
        {
            rows = JsonSerializer.Deserialize<List<ZooRow?>>(json, Json);
        }
        catch (JsonException e)
        {
            string message = e.Message;
            int newline = message.IndexOfAny(['\r', '\n']);
            throw new FormatException($"{name}: not a list of zoo rows ({(newline < 0 ? message : message[..newline])})", e);
        }
        if (rows is null)
        {
            throw new FormatException($"{name}: expected a JSON array of rows, got null");
        }
        if (rows.FindIndex(r => r is null || string.IsNullOrWhiteSpace(r.Name)) is int bad and >= 0)
        {
            throw new FormatException($"{name}: row {bad + 1} has no name");
        }
        // A member's name is its folder under the zoo's roots: a path would point outside them.
        if (rows.FirstOrDefault(r => r!.Name is "." or ".." || r.Name.IndexOfAny(['/', '\\']) >= 0) is { } path)
        {
            throw new FormatException($"{name}: member name '{path.Name}' is not a folder name");
        }
        // Two rows of one name would describe one model twice.
        if (rows.GroupBy(r => r!.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new FormatException($"{name}: member '{twice.Key}' appears {twice.Count()} times");
        }
        return [.. rows!];
    }
}
