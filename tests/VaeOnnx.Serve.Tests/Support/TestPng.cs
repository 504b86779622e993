using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>PNG files the library does not write itself (RGBA, as browsers produce).</summary>
internal static class TestPng
{
    public static byte[] Rgba(ReadOnlySpan<byte> grey, int width = 28, int height = 28)
    {
        var raw = new byte[height * (1 + (width * 4))];
        for (int y = 0; y < height; y++)
        {
            int row = y * (1 + (width * 4));
            raw[row] = 0; // filter: none
            for (int x = 0; x < width; x++)
            {
                byte v = grey[(y * width) + x];
                int p = row + 1 + (x * 4);
                raw[p] = raw[p + 1] = raw[p + 2] = v;
                raw[p + 3] = 255;
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type RGBA
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        output.Write(four);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc([.. typeBytes, .. data]));
        output.Write(four);
    }

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
