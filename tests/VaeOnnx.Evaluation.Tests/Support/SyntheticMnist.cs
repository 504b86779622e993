using System.Buffers.Binary;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// Writes a small MNIST-layout IDX dataset: each digit is a bright horizontal bar at a row that depends on the
/// label plus a little seeded noise, so images differ by class and the whole pipeline has something to find.
/// </summary>
internal static class SyntheticMnist
{
    public static void Write(string directory, int trainCount, int testCount, int seed = 1, int rows = 28, int columns = 28)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        WriteSplit(directory, "train", trainCount, random, rows, columns);
        WriteSplit(directory, "t10k", testCount, random, rows, columns);
    }

    public static (byte[] Pixels, byte[] Labels) Make(int count, Random random, int rows = 28, int columns = 28)
    {
        int size = rows * columns;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = (i * 7 + 3) % 10;
            labels[i] = (byte)label;
            int row = 3 + (label * 2);
            for (int p = 0; p < size; p++)
            {
                int y = p / columns, x = p % columns;
                int value = random.Next(0, 40);
                if (Math.Abs(y - row) <= 1 && x >= 4 && x < columns - 4)
                {
                    value = random.Next(180, 256);
                }
                pixels[(i * size) + p] = (byte)value;
            }
        }
        return (pixels, labels);
    }

    private static void WriteSplit(string directory, string prefix, int count, Random random, int rows, int columns)
    {
        var (pixels, labels) = Make(count, random, rows, columns);
        var imageHeader = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(imageHeader, 2051);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(imageHeader.AsSpan(12), columns);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-images-idx3-ubyte"), [.. imageHeader, .. pixels]);
        var labelHeader = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(labelHeader, 2049);
        BinaryPrimitives.WriteInt32BigEndian(labelHeader.AsSpan(4), count);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte"), [.. labelHeader, .. labels]);
    }
}
