using System.Buffers.Binary;
using System.Globalization;
using VaeOnnx.Data;

namespace VaeOnnx.Cli;

/// <summary>
/// Reads the labels of <c>--labels FILE</c>, telling the format by content: an IDX labels file (raw or gzip, e.g.
/// <c>data/mnist/t10k-labels-idx1-ubyte.gz</c>) or a one-dimensional .npy of integers (uint8, int32, int64 or any
/// other integer type, either byte order), as the evaluation writes them and numpy saves them.
/// </summary>
internal static class LabelFile
{
    /// <summary>What <c>--labels FILE</c> reads.</summary>
    public const string Formats = "an IDX labels file (raw or .gz) or a .npy of integers [N] (uint8, int32, int64)";

    /// <summary>The labels in <paramref name="path"/>, in file order; values are not yet checked against a model.</summary>
    public static int[] Read(string path)
    {
        var head = FileProbe.Head(path);
        if (NpyFile.HasSignature(head))
        {
            return ReadNpy(path);
        }
        if (FileProbe.IsIdx(head, IdxReader.LabelMagic))
        {
            return [.. IdxReader.ReadLabels(path).Select(b => (int)b)];
        }
        throw new DataFileException(path, $"not {Formats}");
    }

    private static int[] ReadNpy(string path)
    {
        using var stream = File.OpenRead(path);
        var header = NpyFile.ReadHeader(stream, path);
        if (header.Shape.Length != 1)
        {
            throw new DataFileException(path, $"array shape ({string.Join(", ", header.Shape)}) is not a list of labels: expected one dimension [N]");
        }
        // descr is byte order ('<', '>', '|' or '='), kind and item size: '<i8', '|u1', '>i4'.
        string descr = header.Descr;
        if (descr.Length != 3 || descr[1] is not ('i' or 'u') || descr[2] is not ('1' or '2' or '4' or '8'))
        {
            throw new DataFileException(path, $"dtype '{descr}' is not an integer type (expected labels as uint8, int32 or int64)");
        }
        bool signed = descr[1] == 'i';
        int size = descr[2] - '0';
        bool bigEndian = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
        int count = header.Shape[0];
        var data = new byte[(long)count * size];
        if (stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) != data.Length || stream.ReadByte() != -1)
        {
            throw new DataFileException(path, $"holds other than the {count:N0} labels of {size} bytes its .npy header declares");
        }
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            var item = data.AsSpan(i * size, size);
            if (!bigEndian && size > 1)
            {
                // Read every width as big-endian below: reversing a little-endian item makes it one.
                item.Reverse();
            }
            Int128 value = Value(item, signed);
            if (value < 0 || value > int.MaxValue)
            {
                throw new DataFileException(path, $"label {value.ToString(CultureInfo.InvariantCulture)} (item {i}) is not a class index (expected 0 or more)");
            }
            labels[i] = (int)value;
        }
        return labels;
    }

    /// <summary>A big-endian integer of 1, 2, 4 or 8 bytes (Int128 holds every one of them, uint64 included).</summary>
    private static Int128 Value(ReadOnlySpan<byte> item, bool signed) => item.Length switch
    {
        1 => signed ? (sbyte)item[0] : item[0],
        2 => signed ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadUInt16BigEndian(item),
        4 => signed ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadUInt32BigEndian(item),
        _ => signed ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadUInt64BigEndian(item),
    };
}
