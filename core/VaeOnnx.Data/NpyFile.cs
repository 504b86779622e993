using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace VaeOnnx.Data;

/// <summary>A float32 array read from a .npy file, in C order.</summary>
public sealed record NpyArray(float[] Data, int[] Shape)
{
    /// <summary>Size of the first dimension (1 for a scalar).</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Elements per row: the product of every dimension after the first.</summary>
    public int RowLength => Shape.Length <= 1 ? 1 : checked((int)NpyFile.Product(Shape.AsSpan(1)));
}

/// <summary>A uint8 array read from a .npy file, in C order.</summary>
public sealed record NpyByteArray(byte[] Data, int[] Shape)
{
    /// <summary>Size of the first dimension (1 for a scalar).</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Elements per row: the product of every dimension after the first.</summary>
    public int RowLength => Shape.Length <= 1 ? 1 : checked((int)NpyFile.Product(Shape.AsSpan(1)));
}

/// <summary>What a .npy header declares.</summary>
/// <param name="Descr">NumPy type string, e.g. <c>&lt;f4</c> or <c>|u1</c>.</param>
/// <param name="Shape">Dimensions, C order.</param>
/// <param name="FortranOrder">Whether the data is stored column-major (not supported for reading).</param>
/// <param name="DataOffset">Byte offset of the data.</param>
public sealed record NpyHeader(string Descr, int[] Shape, bool FortranOrder, long DataOffset)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => NpyFile.Product(Shape);

    /// <summary>Whether the data is 8-bit unsigned (<c>|u1</c>).</summary>
    public bool IsUInt8 => Descr is "|u1" or "<u1" or ">u1" or "=u1";
}

/// <summary>
/// NumPy <c>.npy</c> files (format 1.0 written; 1.0–3.0 read), little-endian, C order, so arrays move to and from
/// Python with <c>numpy.load</c>/<c>numpy.save</c>. Writes are atomic (see <see cref="AtomicFile"/>).
/// Reading accepts float32 and float64 (either byte order, converted to float32) and uint8 (values kept, 0–255).
/// </summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Whether <paramref name="bytes"/> start with the .npy signature (<c>\x93NUMPY</c>).</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>Writes float32 data (<c>&lt;f4</c>) with the given shape.</summary>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        byte[] header = BuildHeader("<f4", shape, data.Length);
        using var file = AtomicFile.Begin(path);
        file.Stream.Write(header);
        WriteLittleEndian(file.Stream, data);
        file.Commit();
    }

    /// <summary>Writes uint8 data (<c>|u1</c>) with the given shape.</summary>
    public static void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape)
    {
        byte[] header = BuildHeader("|u1", shape, data.Length);
        using var file = AtomicFile.Begin(path);
        file.Stream.Write(header);
        file.Stream.Write(data);
        file.Commit();
    }

    /// <summary>Writes float32 data (<c>&lt;f4</c>) with the given shape to a stream.</summary>
    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(BuildHeader("<f4", shape, data.Length));
        WriteLittleEndian(stream, data);
    }

    /// <summary>Writes uint8 data (<c>|u1</c>) with the given shape to a stream.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(BuildHeader("|u1", shape, data.Length));
        stream.Write(data);
    }

    /// <summary>Reads only the header of a .npy file.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        using var stream = DataFileException.OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>Reads a .npy file as float32: <c>f4</c> as is, <c>f8</c> narrowed, <c>u1</c> converted (0–255, not scaled).</summary>
    public static NpyArray ReadFloat32(string path)
    {
        using var stream = DataFileException.OpenRead(path);
        return ReadFloat32(stream, path);
    }

    /// <summary>Reads a .npy stream as float32 (see <see cref="ReadFloat32(string)"/>); <paramref name="name"/> appears in errors.</summary>
    public static NpyArray ReadFloat32(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, name);
        int count = CheckCount(header, name);
        var result = GC.AllocateUninitializedArray<float>(count);
        switch (header.Descr)
        {
            case "<f4" or "=f4" or ">f4":
                ReadExactly(stream, MemoryMarshal.AsBytes(result.AsSpan()), name);
                if (header.Descr[0] == '>' == BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(result.AsSpan());
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
                break;
            case "<f8" or "=f8" or ">f8":
                var doubles = GC.AllocateUninitializedArray<double>(count);
                ReadExactly(stream, MemoryMarshal.AsBytes(doubles.AsSpan()), name);
                if (header.Descr[0] == '>' == BitConverter.IsLittleEndian)
                {
                    var longs = MemoryMarshal.Cast<double, long>(doubles.AsSpan());
                    BinaryPrimitives.ReverseEndianness(longs, longs);
                }
                for (int i = 0; i < count; i++)
                {
                    result[i] = (float)doubles[i];
                }
                break;
            case "|u1" or "<u1" or ">u1" or "=u1":
                var bytes = GC.AllocateUninitializedArray<byte>(count);
                ReadExactly(stream, bytes, name);
                for (int i = 0; i < count; i++)
                {
                    result[i] = bytes[i];
                }
                break;
            default:
                throw new DataFileException(name, $"dtype '{header.Descr}' is not supported (expected float32 '<f4', float64 '<f8' or uint8 '|u1')");
        }
        CheckEnd(stream, name);
        return new NpyArray(result, header.Shape);
    }

    /// <summary>Reads a .npy file of uint8 (<c>|u1</c>) data.</summary>
    public static NpyByteArray ReadUInt8(string path)
    {
        using var stream = DataFileException.OpenRead(path);
        return ReadUInt8(stream, path);
    }

    /// <summary>Reads a .npy stream of uint8 (<c>|u1</c>) data; <paramref name="name"/> appears in errors.</summary>
    public static NpyByteArray ReadUInt8(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, name);
        if (!header.IsUInt8)
        {
            throw new DataFileException(name, $"dtype '{header.Descr}' is not uint8 ('|u1')");
        }
        int count = CheckCount(header, name);
        var result = GC.AllocateUninitializedArray<byte>(count);
        ReadExactly(stream, result, name);
        CheckEnd(stream, name);
        return new NpyByteArray(result, header.Shape);
    }

    /// <summary>Reads the header from the current position of <paramref name="stream"/>, leaving it at the data.</summary>
    public static NpyHeader ReadHeader(Stream stream, string name = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new DataFileException(name, "not a .npy file (missing \\x93NUMPY signature)");
        }
        byte major = prefix[6];
        int headerLength;
        long offset;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            offset = 10;
        }
        else if (major is 2 or 3)
        {
            if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
            {
                throw new DataFileException(name, "truncated .npy header");
            }
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            if (length > 1 << 20)
            {
                throw new DataFileException(name, $"implausible .npy header length {length}");
            }
            headerLength = (int)length;
            offset = 12;
        }
        else
        {
            throw new DataFileException(name, $".npy format version {major}.{prefix[7]} is not supported");
        }
        var text = new byte[headerLength];
        if (stream.ReadAtLeast(text, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw new DataFileException(name, "truncated .npy header");
        }
        string dict = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(text);
        return ParseHeader(dict, offset + headerLength, name);
    }

    internal static long Product(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n = checked(n * d);
        }
        return n;
    }

    private static NpyHeader ParseHeader(string dict, long dataOffset, string name)
    {
        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shape = ShapePattern().Match(dict);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new DataFileException(name, $"unreadable .npy header {dict.Trim()}");
        }
        var dims = new List<int>();
        foreach (string part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out int d))
            {
                throw new DataFileException(name, $"bad dimension '{part}' in .npy shape ({shape.Groups[1].Value})");
            }
            dims.Add(d);
        }
        var header = new NpyHeader(descr.Groups[1].Value, [.. dims], fortran.Groups[1].Value == "True", dataOffset);
        if (header.FortranOrder && dims.Count > 1)
        {
            throw new DataFileException(name, "Fortran-ordered arrays are not supported (save with numpy.ascontiguousarray)");
        }
        return header;
    }

    private static int CheckCount(NpyHeader header, string name)
    {
        long count;
        try
        {
            count = header.ElementCount;
        }
        catch (OverflowException)
        {
            count = long.MaxValue;
        }
        if (count > Array.MaxLength)
        {
            throw new DataFileException(name, $"array of shape ({string.Join(", ", header.Shape)}) is too large");
        }
        return (int)count;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read != buffer.Length)
        {
            throw new DataFileException(name, $"truncated: header promises {buffer.Length:N0} data bytes, file holds {read:N0}");
        }
    }

    private static void CheckEnd(Stream stream, string name)
    {
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            throw new DataFileException(name, "has data beyond what its .npy header declares");
        }
    }

    private static byte[] BuildHeader(string descr, ReadOnlySpan<int> shape, int dataLength)
    {
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape has a negative dimension ({d})", nameof(shape));
            }
        }
        long expected = Product(shape);
        if (expected != dataLength)
        {
            throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) holds {expected} elements but data has {dataLength}", nameof(shape));
        }
        string dims = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        // Pad with spaces and end with '\n' so the data starts on a multiple of 64 bytes, as numpy does.
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        if (padded - 10 > ushort.MaxValue)
        {
            throw new ArgumentException("shape too long for a .npy 1.0 header", nameof(shape));
        }
        var header = new byte[padded];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(padded - 10));
        int written = Encoding.ASCII.GetBytes(dict, header.AsSpan(10));
        header.AsSpan(10 + written, padded - 10 - written - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        return header;
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
