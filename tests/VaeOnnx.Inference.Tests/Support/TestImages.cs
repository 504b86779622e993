using System.Buffers.Binary;
using System.IO.Compression;

namespace VaeOnnx.Inference.Tests.Support;

/// <summary>Deterministic test inputs.</summary>
internal static class TestImages
{
    public const int Size = 784;

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count * Size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static float[] RandomFloats(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Size];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }
        return values;
    }

    public static float[] Scaled(byte[] bytes) => [.. bytes.Select(b => b / 255f)];

    /// <summary>Writes an IDX image file (magic 2051) of 28×28 images, optionally gzip-compressed.</summary>
    public static void WriteIdx(string path, byte[] pixels, bool gzip)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), pixels.Length / Size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write(header);
        stream.Write(pixels);
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
            {
                Assert.Fail($"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
            }
        }
    }
}
