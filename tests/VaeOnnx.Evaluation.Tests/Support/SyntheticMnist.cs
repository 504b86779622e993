using System.Buffers.Binary;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// Writes a small MNIST-layout IDX dataset: each digit is a bright horizontal bar at a row that depends on the
/// label plus a little seeded noise, so images differ by class and the whole pipeline has something to find.
/// </summary>
internal static class SyntheticMnist
{
    public static void Write(string directory, int trainCount, int testCount, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        WriteSplit(directory, "train", trainCount, random);
        WriteSplit(directory, "t10k", testCount, random);
    }

    public static (byte[] Pixels, byte[] Labels) Make(int count, Random random)
    {
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = (i * 7 + 3) % 10;
            labels[i] = (byte)label;
            int row = 3 + (label * 2);
            for (int p = 0; p < 784; p++)
            {
                int y = p / 28, x = p % 28;
                int value = random.Next(0, 40);
                if (Math.Abs(y - row) <= 1 && x >= 4 && x < 24)
                {
                    value = random.Next(180, 256);
                }
                pixels[(i * 784) + p] = (byte)value;
            }
        }
        return (pixels, labels);
    }

    private static void WriteSplit(string directory, string prefix, int count, Random random)
    {
        var (pixels, labels) = Make(count, random);
        var imageHeader = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(imageHeader, 2051);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(12), 28);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), [.. imageHeader, .. pixels]);
        var labelHeader = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(labelHeader, 2049);
        BinaryPrimitives.WriteInt32BigEndian(labelHeader.AsSpan(4), count);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"), [.. labelHeader, .. labels]);
    }
}
