using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Cli;

/// <summary>
/// Reads input images for the commands at the model's image shape, telling the format by content (not by name):
/// IDX (raw or gzip), PNG (one image, any colour type, converted to grey) or .npy (uint8 0–255 or float in [0,1];
/// shape [N,pixels], [N,H,W], [N,C,H,W] or one image). Returns floats in [0,1], layout [N,pixels].
/// </summary>
internal static class ImageInput
{
    public const string DefaultMnistTest = "data/mnist/t10k-images-idx3-ubyte.gz";

    public static float[] Load(string path, ImageShape shape, int? limit = null, bool invert = false)
    {
        var head = FileProbe.Head(path);
        float[] images;
        if (PngFile.HasSignature(head))
        {
            var png = PngFile.ReadGray(path);
            if (shape.Channels != 1 || png.Width != shape.Width || png.Height != shape.Height)
            {
                throw new DataFileException(path, $"PNG is {png.Width}×{png.Height}, the model takes {shape} (resize it first)");
            }
            images = Scale(png.Pixels);
        }
        else if (NpyFile.HasSignature(head))
        {
            images = LoadNpy(path, shape, limit);
        }
        else if (FileProbe.IsIdx(head, IdxReader.ImageMagic))
        {
            var idx = IdxReader.ReadImages(path);
            if (shape.Channels != 1 || idx.Rows != shape.Height || idx.Columns != shape.Width)
            {
                throw new IdxFormatException(path, $"images are {idx.Rows}×{idx.Columns}, the model takes {shape}");
            }
            int n = Math.Min(idx.Count, limit ?? int.MaxValue);
            images = Scale(idx.Pixels.AsSpan(0, n * shape.Size));
        }
        else
        {
            throw new DataFileException(path, "not an IDX, PNG or .npy file");
        }
        if (limit is { } max && images.Length > max * shape.Size)
        {
            images = images[..(max * shape.Size)];
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

    private static float[] LoadNpy(string path, ImageShape image, int? limit)
    {
        var header = NpyFile.ReadHeader(path);
        int[] shape = header.Shape;
        int[] flat = [image.Size], plane = [image.Height, image.Width], full = [image.Channels, image.Height, image.Width];
        bool Is(ReadOnlySpan<int> dims) => dims.SequenceEqual(flat) || (image.Channels == 1 && dims.SequenceEqual(plane)) || dims.SequenceEqual(full);
        if (!Is(shape) && !(shape.Length > 1 && Is(shape.AsSpan(1))))
        {
            throw new DataFileException(path, $"array shape ({string.Join(", ", shape)}) is not images of {image}: expected [N,{image.Size}], [N,{image.Height},{image.Width}] or [N,{image.Channels},{image.Height},{image.Width}]");
        }
        if (header.IsUInt8)
        {
            var bytes = NpyFile.ReadUInt8(path);
            long n = Math.Min(bytes.Data.Length, (long)(limit ?? int.MaxValue) * image.Size);
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
