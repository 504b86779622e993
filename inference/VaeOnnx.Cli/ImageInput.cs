using System.Buffers.Binary;
using VaeOnnx.Data;
using VaeOnnx.Inference.Models;

namespace VaeOnnx.Cli;

/// <summary>
/// Reads input images for the commands, telling the format by content (not by name): IDX (raw or gzip, 28×28),
/// PNG (one 28×28 image, any colour type, converted to grey) or .npy (uint8 0–255 or float in [0,1]; shape
/// [N,784], [N,28,28], [N,1,28,28] or one image). Returns floats in [0,1], layout [N,784].
/// </summary>
internal static class ImageInput
{
    public const string DefaultMnistTest = "data/mnist/t10k-images-idx3-ubyte.gz";

    public static float[] Load(string path, int? limit = null, bool invert = false)
    {
        Span<byte> head = stackalloc byte[8];
        int got;
        try
        {
            using var probe = File.OpenRead(path);
            got = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{path}: file not found");
        }
        head = head[..got];
        float[] images;
        if (PngFile.HasSignature(head))
        {
            var png = PngFile.ReadGray(path);
            if (png.Width != 28 || png.Height != 28)
            {
                throw new DataFileException(path, $"PNG is {png.Width}×{png.Height}, expected 28×28 (resize it first)");
            }
            images = Scale(png.Pixels);
        }
        else if (NpyFile.HasSignature(head))
        {
            images = LoadNpy(path, limit);
        }
        else if ((head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            || (head.Length >= 4 && BinaryPrimitives.ReadInt32BigEndian(head) == IdxReader.ImageMagic))
        {
            var idx = IdxReader.ReadImages(path);
            if (idx.Rows != 28 || idx.Columns != 28)
            {
                throw new IdxFormatException(path, $"images are {idx.Rows}×{idx.Columns}, expected 28×28");
            }
            int n = Math.Min(idx.Count, limit ?? int.MaxValue);
            images = Scale(idx.Pixels.AsSpan(0, n * VaeContract.ImageSize));
        }
        else
        {
            throw new DataFileException(path, "not an IDX, PNG or .npy file");
        }
        if (limit is { } max && images.Length > max * VaeContract.ImageSize)
        {
            images = images[..(max * VaeContract.ImageSize)];
        }
        if (invert)
        {
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = 1f - images[i];
            }
        }
        return images;
    }

    private static float[] LoadNpy(string path, int? limit)
    {
        var header = NpyFile.ReadHeader(path);
        int[] shape = header.Shape;
        bool ok = shape switch
        {
            [784] or [28, 28] or [1, 28, 28] => true,
            [_, 784] or [_, 28, 28] or [_, 1, 28, 28] => true,
            _ => false,
        };
        if (!ok)
        {
            throw new DataFileException(path, $"array shape ({string.Join(", ", shape)}) is not images: expected [N,784], [N,28,28] or [N,1,28,28]");
        }
        if (header.IsUInt8)
        {
            var bytes = NpyFile.ReadUInt8(path);
            long n = Math.Min(bytes.Data.Length, (long)(limit ?? int.MaxValue) * VaeContract.ImageSize);
            return Scale(bytes.Data.AsSpan(0, (int)n));
        }
        return NpyFile.ReadFloat32(path).Data; // range is checked by the model ([0,1], finite)
    }

    private static float[] Scale(ReadOnlySpan<byte> pixels)
    {
        var result = GC.AllocateUninitializedArray<float>(pixels.Length);
        PixelScaling.ToUnit(pixels, result);
        return result;
    }
}
