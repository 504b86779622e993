using System.Text.Json;
using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>Request bodies the load test and the soak send: seeded codes, and those codes as JSON or .npy.</summary>
internal static class RequestBodies
{
    /// <summary>The media type of JSON bodies.</summary>
    public const string Json = "application/json";

    /// <summary>The media type of .npy bodies (and of .npy answers, in Accept).</summary>
    public const string Npy = "application/x-npy";

    /// <summary><paramref name="count"/> sets of <paramref name="codes"/> seeded codes in [-3, 3] (4 decimals, so JSON and .npy carry the same values).</summary>
    public static float[][] Codes(int latentDim, int codes, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
            Enumerable.Range(0, codes * latentDim).Select(_ => MathF.Round(((float)random.NextDouble() * 6f) - 3f, 4)).ToArray())];
    }

    /// <summary>
    /// A JSON body <c>{"<paramref name="field"/>": ..}</c>: one row as a flat array, several as rows of <paramref name="width"/>;
    /// with <paramref name="labels"/> (a conditional model's, one per row) as <c>"labels"</c>.
    /// </summary>
    public static byte[] JsonRows(float[] values, int width, int[]? labels = null, string field = "z")
    {
        bool single = values.Length == width;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray(field);
            for (int row = 0; row < values.Length; row += width)
            {
                if (!single)
                {
                    json.WriteStartArray();
                }
                foreach (float v in values.AsSpan(row, width))
                {
                    json.WriteNumberValue(v);
                }
                if (!single)
                {
                    json.WriteEndArray();
                }
            }
            json.WriteEndArray();
            if (labels is not null)
            {
                json.WriteStartArray("labels");
                foreach (int label in labels)
                {
                    json.WriteNumberValue(label);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A float32 .npy body of <paramref name="shape"/>.</summary>
    public static byte[] NpyArray(float[] values, params int[] shape)
    {
        using var buffer = new MemoryStream();
        NpyFile.Write(buffer, values, shape);
        return buffer.ToArray();
    }
}
