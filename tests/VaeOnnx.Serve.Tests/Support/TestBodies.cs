using System.Globalization;
using VaeOnnx.Data;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>Request bodies the endpoint tests build: float rows as JSON text and arrays as .npy bytes.</summary>
internal static class TestBodies
{
    /// <summary>One row as a JSON array of round-trip floats.</summary>
    public static string JsonRow(ReadOnlySpan<float> values) =>
        "[" + string.Join(",", values.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>Rows of <paramref name="width"/> values as a JSON array of arrays (batch form).</summary>
    public static string JsonRows(ReadOnlySpan<float> values, int width)
    {
        var rows = new string[values.Length / width];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = JsonRow(values.Slice(r * width, width));
        }
        return "[" + string.Join(",", rows) + "]";
    }

    /// <summary>A float32 .npy file of <paramref name="data"/> in <paramref name="shape"/>.</summary>
    public static byte[] Npy(float[] data, params int[] shape)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, data, shape);
        return stream.ToArray();
    }

    /// <summary>A float32 .npy file of zeros, <paramref name="rows"/> rows of <paramref name="rowShape"/>.</summary>
    public static byte[] NpyZeros(int rows, params int[] rowShape)
    {
        int[] shape = [rows, .. rowShape];
        return Npy(new float[shape.Aggregate(1, (a, b) => a * b)], shape);
    }
}
