using System.Buffers.Binary;
using System.IO.Compression;

namespace VaeOnnx.Data;

/// <summary>
/// Reads IDX files (the MNIST container format), gzip-compressed or raw, detected by content rather than
/// by name. Only unsigned-byte payloads are accepted: images as rank 3 (magic 2051), labels as rank 1 (2049).
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImageMagic = 0x0000_0803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelMagic = 0x0000_0801;

    /// <summary>Reads an image file: count × rows × columns bytes, row-major.</summary>
    public static IdxImages ReadImages(string path)
    {
        using var stream = OpenDecompressed(path);
        Span<byte> header = stackalloc byte[16];
        ReadHeader(stream, path, header, ImageMagic, "images");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int cols = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (count <= 0 || rows <= 0 || cols <= 0 || (long)count * rows * cols > Array.MaxLength)
        {
            throw new IdxFormatException(path, $"implausible dimensions {count}×{rows}×{cols}");
        }
        var pixels = GC.AllocateUninitializedArray<byte>(count * rows * cols);
        ReadPayload(stream, path, pixels);
        return new IdxImages(pixels, count, rows, cols);
    }

    /// <summary>Reads a label file: one byte per item.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenDecompressed(path);
        Span<byte> header = stackalloc byte[8];
        ReadHeader(stream, path, header, LabelMagic, "labels");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (count <= 0)
        {
            throw new IdxFormatException(path, $"implausible label count {count}");
        }
        var labels = GC.AllocateUninitializedArray<byte>(count);
        ReadPayload(stream, path, labels);
        return labels;
    }

    private static Stream OpenDecompressed(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException(path, e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found" : $"cannot open ({e.Message})", e);
        }
        // Sniff the gzip signature so both `x.gz` and a raw `x` work whatever their names say.
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    // The magic number is checked before the rest of the header so a file of the wrong kind is named as such
    // rather than reported as too short.
    private static void ReadHeader(Stream stream, string path, Span<byte> header, int expectedMagic, string kind)
    {
        if (Fill(stream, path, header[..4]) != 4)
        {
            throw new IdxFormatException(path, $"too short for an IDX header (fewer than 4 bytes)");
        }
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            throw new IdxFormatException(path, Describe(magic, expectedMagic, kind));
        }
        if (Fill(stream, path, header[4..]) != header.Length - 4)
        {
            throw new IdxFormatException(path, $"too short for an IDX {kind} header ({header.Length} bytes)");
        }
    }

    private static void ReadPayload(Stream stream, string path, byte[] payload)
    {
        int read = Fill(stream, path, payload);
        if (read != payload.Length)
        {
            throw new IdxFormatException(path, $"truncated: header promises {payload.Length:N0} data bytes, file holds {read:N0}");
        }
        Span<byte> probe = stackalloc byte[1];
        if (Fill(stream, path, probe) != 0)
        {
            throw new IdxFormatException(path, $"has data beyond the {payload.Length:N0} bytes its header declares");
        }
    }

    private static int Fill(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"corrupt gzip stream ({e.Message})", e);
        }
    }

    private static string Describe(int magic, int expected, string kind) =>
        magic switch
        {
            ImageMagic => $"holds images (magic 2051), expected {kind} (magic {expected})",
            LabelMagic => $"holds labels (magic 2049), expected {kind} (magic {expected})",
            _ => $"not an IDX file of unsigned bytes: magic {magic} (0x{magic:x8}), expected {expected} for {kind}",
        };
}
