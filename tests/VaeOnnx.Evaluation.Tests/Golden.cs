using System.Text.Json;

namespace VaeOnnx.Evaluation.Tests;

/// <summary>Reads Fixtures/golden.json (written by Fixtures/make_golden.py with scikit-image and SciPy).</summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public sealed record ImagePair(string Name, int Height, int Width, float[] A, float[] B, double Ssim, double Psnr, double Mse);

    public static IReadOnlyList<ImagePair> ImagePairs =>
        [.. Root.GetProperty("imageQuality").EnumerateArray().Select(e => new ImagePair(
            e.GetProperty("name").GetString()!,
            e.GetProperty("height").GetInt32(),
            e.GetProperty("width").GetInt32(),
            Floats(e.GetProperty("a")),
            Floats(e.GetProperty("b")),
            e.GetProperty("ssim").GetDouble(),
            e.GetProperty("psnr").ValueKind == JsonValueKind.Null ? double.PositiveInfinity : e.GetProperty("psnr").GetDouble(),
            e.GetProperty("mse").GetDouble()))];

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];
}
