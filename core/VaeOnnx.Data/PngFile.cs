using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace VaeOnnx.Data;

/// <summary>
/// Minimal PNG support on <see cref="ZLibStream"/> and CRC-32, no extra packages. Writes 8-bit grey images
/// (adaptive per-row filters); reads every non-interlaced PNG of bit depth ≤ 8 and 16-bit grey/RGB(A) files as
/// grey bytes: colour becomes luminance (0.299 R + 0.587 G + 0.114 B), alpha (and palette transparency) is
/// composited over black, the MNIST background. Interlaced files are refused with a clear message.
/// Writes are atomic (see <see cref="AtomicFile"/>).
/// </summary>
public static class PngFile
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Largest image (in pixels) <see cref="DecodeGray"/> accepts, against decompression bombs.</summary>
    public const long MaxPixels = 1L << 28;

    /// <summary>Writes an 8-bit grey PNG.</summary>
    public static void WriteGray(string path, ReadOnlySpan<byte> pixels, int width, int height)
    {
        using var file = AtomicFile.Begin(path);
        EncodeGray(file.Stream, pixels, width, height);
        file.Commit();
    }

    /// <summary>Writes an 8-bit grey PNG.</summary>
    public static void WriteGray(string path, GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        WriteGray(path, image.Pixels, image.Width, image.Height);
    }

    /// <summary>
    /// Writes float images in [0,1] (each <c>ImageWidth × ImageHeight</c>, default 28×28) as one grid PNG;
    /// returns the composed image.
    /// </summary>
    public static GrayImage WriteGrid(string path, ReadOnlySpan<float> images, int columns, ImageGridOptions? options = null)
    {
        var grid = ImageGrid.Compose(images, columns, options);
        WriteGray(path, grid);
        return grid;
    }

    /// <summary>Encodes an 8-bit grey PNG in memory.</summary>
    public static byte[] EncodeGray(ReadOnlySpan<byte> pixels, int width, int height)
    {
        using var memory = new MemoryStream();
        EncodeGray(memory, pixels, width, height);
        return memory.ToArray();
    }

    /// <summary>Encodes an 8-bit grey PNG into <paramref name="output"/>.</summary>
    public static void EncodeGray(Stream output, ReadOnlySpan<byte> pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixels given for a {width}×{height} image ({(long)width * height} needed)", nameof(pixels));
        }
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 0;  // colour type: grey
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // not interlaced
        WriteChunk(output, "IHDR", ihdr);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var filtered = new byte[(5 * width) + 1];
            var previous = new byte[width];
            for (int y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * width, width);
                zlib.Write(FilterRow(row, y == 0 ? previous : pixels.Slice((y - 1) * width, width), filtered));
            }
        }
        WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND", []);
    }

    /// <summary>Reads a PNG file as 8-bit grey.</summary>
    public static GrayImage ReadGray(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found" : $"cannot open ({e.Message})", e);
        }
        return DecodeGray(bytes, path);
    }

    /// <summary>Whether <paramref name="bytes"/> start with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Decodes PNG bytes as 8-bit grey; <paramref name="name"/> appears in error messages.</summary>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> png, string name = "<png>")
    {
        if (!HasSignature(png))
        {
            throw new DataFileException(name, "not a PNG file (bad signature)");
        }
        int pos = Signature.Length;
        int width = 0, height = 0, depth = 0, colorType = -1;
        byte[] palette = [];
        byte[] transparency = [];
        using var idat = new MemoryStream();
        bool ended = false;
        while (pos < png.Length)
        {
            if (png.Length - pos < 12)
            {
                throw new DataFileException(name, "truncated PNG (partial chunk header)");
            }
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[pos..]);
            var type = png.Slice(pos + 4, 4);
            string typeName = Encoding.ASCII.GetString(type);
            if (length > (uint)(png.Length - pos - 12))
            {
                throw new DataFileException(name, $"truncated PNG (chunk {typeName} declares {length} bytes)");
            }
            var data = png.Slice(pos + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png[(pos + 8 + (int)length)..]);
            if (ChunkCrc(type, data) != crc)
            {
                throw new DataFileException(name, $"corrupt PNG (CRC mismatch in chunk {typeName})");
            }
            pos += 12 + (int)length;
            if (colorType < 0 && typeName != "IHDR")
            {
                throw new DataFileException(name, $"corrupt PNG (first chunk is {typeName}, not IHDR)");
            }
            switch (typeName)
            {
                case "IHDR":
                    if (length != 13)
                    {
                        throw new DataFileException(name, "corrupt PNG (IHDR is not 13 bytes)");
                    }
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    if (data[10] != 0 || data[11] != 0)
                    {
                        throw new DataFileException(name, "unsupported PNG compression or filter method");
                    }
                    if (data[12] != 0)
                    {
                        throw new DataFileException(name, "interlaced PNG is not supported (save it non-interlaced)");
                    }
                    CheckHeader(name, width, height, depth, colorType);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if (char.IsUpper(typeName[0]))
                    {
                        throw new DataFileException(name, $"unsupported critical PNG chunk {typeName}");
                    }
                    break; // ancillary chunks (text, gamma, ...) are ignored
            }
            if (ended)
            {
                break;
            }
        }
        if (!ended)
        {
            throw new DataFileException(name, "truncated PNG (no IEND chunk)");
        }
        if (colorType == 3 && (palette.Length == 0 || palette.Length % 3 != 0))
        {
            throw new DataFileException(name, "corrupt PNG (palette image without a valid PLTE chunk)");
        }
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int bitsPerPixel = channels * depth;
        long rowBytes = ((long)width * bitsPerPixel + 7) / 8;
        long rawLength = height * (rowBytes + 1);
        if (rawLength > Array.MaxLength)
        {
            throw new DataFileException(name, $"PNG of {width}×{height} is too large");
        }
        var raw = GC.AllocateUninitializedArray<byte>((int)rawLength);
        idat.Position = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            int read = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (read != raw.Length)
            {
                throw new DataFileException(name, $"truncated PNG image data ({read} of {raw.Length} bytes)");
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(name, $"corrupt PNG image data ({e.Message})", e);
        }
        Unfilter(raw, height, (int)rowBytes, Math.Max(1, bitsPerPixel / 8), name);
        return ToGray(raw, width, height, (int)rowBytes, depth, colorType, channels, palette, transparency, name);
    }

    private static void CheckHeader(string name, int width, int height, int depth, int colorType)
    {
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
        {
            throw new DataFileException(name, $"implausible PNG size {width}×{height}");
        }
        bool ok = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!ok)
        {
            throw new DataFileException(name, $"unsupported PNG colour type {colorType} with bit depth {depth}");
        }
    }

    private static void Unfilter(byte[] raw, int height, int rowBytes, int bpp, string name)
    {
        for (int y = 0; y < height; y++)
        {
            int start = y * (rowBytes + 1);
            byte filter = raw[start];
            var row = raw.AsSpan(start + 1, rowBytes);
            var prev = y == 0 ? default : raw.AsSpan(start - rowBytes, rowBytes);
            switch (filter)
            {
                case 0:
                    break;
                case 1:
                    for (int i = bpp; i < rowBytes; i++)
                    {
                        row[i] += row[i - bpp];
                    }
                    break;
                case 2:
                    if (y > 0)
                    {
                        for (int i = 0; i < rowBytes; i++)
                        {
                            row[i] += prev[i];
                        }
                    }
                    break;
                case 3:
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? row[i - bpp] : 0;
                        int up = y > 0 ? prev[i] : 0;
                        row[i] += (byte)((left + up) >> 1);
                    }
                    break;
                case 4:
                    for (int i = 0; i < rowBytes; i++)
                    {
                        int left = i >= bpp ? row[i - bpp] : 0;
                        int up = y > 0 ? prev[i] : 0;
                        int upLeft = i >= bpp && y > 0 ? prev[i - bpp] : 0;
                        row[i] += Paeth(left, up, upLeft);
                    }
                    break;
                default:
                    throw new DataFileException(name, $"corrupt PNG (unknown filter type {filter} in row {y})");
            }
        }
    }

    private static GrayImage ToGray(byte[] raw, int width, int height, int rowBytes, int depth, int colorType,
        int channels, byte[] palette, byte[] transparency, string name)
    {
        var pixels = GC.AllocateUninitializedArray<byte>(width * height);
        int maxSample = (1 << Math.Min(depth, 8)) - 1;
        for (int y = 0; y < height; y++)
        {
            var row = raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            var dest = pixels.AsSpan(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int grey, alpha = 255;
                switch (colorType)
                {
                    case 0:
                        grey = depth < 8 ? SubByte(row, x, depth) * 255 / maxSample : Sample(row, x, 0, channels, depth);
                        break;
                    case 3:
                        int index = depth < 8 ? SubByte(row, x, depth) : row[x];
                        if (index * 3 >= palette.Length)
                        {
                            throw new DataFileException(name, $"corrupt PNG (palette index {index} beyond {palette.Length / 3} entries)");
                        }
                        grey = Luminance(palette[index * 3], palette[(index * 3) + 1], palette[(index * 3) + 2]);
                        alpha = index < transparency.Length ? transparency[index] : 255;
                        break;
                    case 2:
                        grey = Luminance(Sample(row, x, 0, 3, depth), Sample(row, x, 1, 3, depth), Sample(row, x, 2, 3, depth));
                        break;
                    case 4:
                        grey = Sample(row, x, 0, 2, depth);
                        alpha = Sample(row, x, 1, 2, depth);
                        break;
                    default:
                        grey = Luminance(Sample(row, x, 0, 4, depth), Sample(row, x, 1, 4, depth), Sample(row, x, 2, 4, depth));
                        alpha = Sample(row, x, 3, 4, depth);
                        break;
                }
                dest[x] = (byte)(alpha == 255 ? grey : ((grey * alpha) + 127) / 255);
            }
        }
        return new GrayImage(pixels, width, height);
    }

    /// <summary>Sample <paramref name="c"/> of pixel <paramref name="x"/> at depth 8 or 16 (high byte).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int x, int c, int channels, int depth) =>
        depth == 8 ? row[(x * channels) + c] : row[((x * channels) + c) * 2];

    private static int SubByte(ReadOnlySpan<byte> row, int x, int depth)
    {
        int bit = x * depth;
        int shift = 8 - depth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << depth) - 1);
    }

    private static int Luminance(int r, int g, int b) => ((299 * r) + (587 * g) + (114 * b) + 500) / 1000;

    private static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    /// <summary>Filters one 8-bit grey row with the filter that minimises the sum of absolute signed residuals.</summary>
    private static ReadOnlySpan<byte> FilterRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, byte[] scratch)
    {
        int width = row.Length;
        int best = -1;
        long bestScore = long.MaxValue;
        for (int filter = 0; filter < 5; filter++)
        {
            var output = scratch.AsSpan((filter * width) + 1, width);
            long score = 0;
            for (int i = 0; i < width; i++)
            {
                int left = i > 0 ? row[i - 1] : 0, up = prev[i], upLeft = i > 0 ? prev[i - 1] : 0;
                byte value = filter switch
                {
                    0 => row[i],
                    1 => (byte)(row[i] - left),
                    2 => (byte)(row[i] - up),
                    3 => (byte)(row[i] - ((left + up) >> 1)),
                    _ => (byte)(row[i] - Paeth(left, up, upLeft)),
                };
                output[i] = value;
                int signed = (sbyte)value;
                score += signed < 0 ? -signed : signed;
            }
            if (score < bestScore)
            {
                bestScore = score;
                best = filter;
            }
        }
        // Lay out [filter byte][row] contiguously just before the chosen filter's output.
        int start = best * width;
        scratch[start] = (byte)best;
        return scratch.AsSpan(start, width + 1);
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, ChunkCrc(header[4..], data));
        output.Write(crc);
    }

    /// <summary>CRC-32 (ISO-HDLC) over a chunk's type and data, as PNG stores it.</summary>
    private static uint ChunkCrc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}
