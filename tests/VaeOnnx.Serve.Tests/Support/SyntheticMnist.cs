using System.Buffers.Binary;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// A small MNIST-layout test split (<c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>, uncompressed):
/// image i has label i % 10 and a bar whose position depends on the label, so encodings differ. Deterministic.
/// </summary>
internal static class SyntheticMnist
{
    public static (byte[] Pixels, byte[] Labels) Write(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            labels[i] = (byte)label;
            int row = 4 + (label * 2);
            for (int x = 4; x < 24; x++)
            {
                pixels[(i * 784) + (row * 28) + x] = (byte)(128 + ((i * 7 + x) % 128));
                pixels[(i * 784) + ((row + 1) * 28) + x] = 255;
            }
            pixels[(i * 784) + ((i * 13) % 784)] = 200;
        }
        var images = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
        pixels.CopyTo(images, 16);
        File.WriteAllBytes(Path.Combine(directory, "t10k-images-idx3-ubyte"), images);
        var labelFile = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labelFile, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(labelFile.AsSpan(4), count);
        labels.CopyTo(labelFile, 8);
        File.WriteAllBytes(Path.Combine(directory, "t10k-labels-idx1-ubyte"), labelFile);
        return (pixels, labels);
    }
}
