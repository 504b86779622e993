using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace VaeOnnx.Inference.Tests.Support;

/// <summary>Label files as the CLI meets them: IDX (magic 2049) and one-dimensional integer .npy (VaeOnnx.Data writes only float32 and uint8).</summary>
internal static class TestLabels
{
    /// <summary>Writes an IDX labels file, optionally gzip-compressed.</summary>
    public static void WriteIdx(string path, byte[] labels, bool gzip)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write(header);
        stream.Write(labels);
    }

    /// <summary>
    /// Writes <paramref name="values"/> as numpy would with dtype <paramref name="descr"/> (<c>&lt;i4</c>, <c>&lt;i8</c>,
    /// <c>&gt;i8</c>, <c>|u1</c>, <c>&lt;u2</c>...) and shape <paramref name="shape"/> (default <c>(N,)</c>).
    /// </summary>
    public static void WriteNpy(string path, long[] values, string descr, string? shape = null)
    {
        int size = descr[2] - '0';
        bool bigEndian = descr[0] == '>';
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({shape ?? $"{values.Length},"}), }}";
        int padded = (10 + dict.Length + 1 + 63) / 64 * 64;
        var header = new byte[padded];
        byte[] magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];
        magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(padded - 10));
        header.AsSpan(10).Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header[^1] = (byte)'\n';
        using var file = File.Create(path);
        file.Write(header);
        var item = new byte[8];
        foreach (long value in values)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteInt64BigEndian(item, value);
                file.Write(item.AsSpan(8 - size));
            }
            else
            {
                BinaryPrimitives.WriteInt64LittleEndian(item, value);
                file.Write(item.AsSpan(0, size));
            }
        }
    }
}
