using System.Text.Json;
using VaeOnnx.Data;

namespace VaeOnnx.Evaluation.Tests;

/// <summary>
/// Reads Fixtures/embedding: float32 inputs as .npy and scikit-learn's answers on them in embedding_golden.json
/// (written by Fixtures/make_embedding_golden.py with Debian's python3-sklearn).
/// </summary>
internal static class EmbeddingGolden
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "embedding");

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "embedding_golden.json"))));

    public static JsonElement Trust => Document.Value.RootElement.GetProperty("trust");

    public static JsonElement TSne => Document.Value.RootElement.GetProperty("tsne");

    /// <summary>A float32 [rows, columns] fixture array: data, rows, columns.</summary>
    public static (float[] Data, int Rows, int Columns) Matrix(string name)
    {
        var array = NpyFile.ReadFloat32(Path.Combine(Folder, name));
        return (array.Data, array.Shape[0], array.Shape[1]);
    }

    public static byte[] Labels(string name) => NpyFile.ReadUInt8(Path.Combine(Folder, name)).Data;
}
