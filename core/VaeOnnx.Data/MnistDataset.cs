using System.IO.Compression;
using System.Security.Cryptography;

namespace VaeOnnx.Data;

/// <summary>Which half of an IDX dataset.</summary>
public enum DatasetSplit
{
    /// <summary>The training files (<c>train-*</c>).</summary>
    Train,

    /// <summary>The test files (<c>t10k-*</c>).</summary>
    Test,
}

/// <summary>
/// A folder holding an MNIST-layout dataset: <c>{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]</c>.
/// MNIST ships in <c>data/mnist</c>; Fashion-MNIST and other IDX datasets of grey images work the same way.
/// </summary>
public static class MnistDataset
{
    /// <summary>Classes of an MNIST-layout dataset (digits 0–9; Fashion-MNIST's ten garments): labels lie in 0..9.</summary>
    public const int Classes = 10;

    /// <summary>
    /// Loads one split, checking that image and label counts agree and that every label lies in 0..<see cref="Classes"/>-1
    /// (the image size is the file's own).
    /// </summary>
    public static LabeledImages Load(string directory, DatasetSplit split)
    {
        if (!Directory.Exists(directory))
        {
            throw new IdxFormatException(directory, "dataset folder not found");
        }
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        string imagesPath = Resolve(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Resolve(directory, $"{prefix}-labels-idx1-ubyte");
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new IdxFormatException(labelsPath, $"holds {labels.Length:N0} labels but {Path.GetFileName(imagesPath)} holds {images.Count:N0} images");
        }
        int bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(Classes - 1));
        if (bad >= 0)
        {
            throw new IdxFormatException(labelsPath, $"label {labels[bad]} at index {bad} is outside 0..{Classes - 1}");
        }
        return new LabeledImages(images.Pixels, labels, images.Rows, images.Columns);
    }

    /// <summary>The path of a dataset file, preferring the gzip form; names the missing file when neither exists.</summary>
    public static string Resolve(string directory, string baseName)
    {
        string gz = Path.Combine(directory, baseName + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }
        string raw = Path.Combine(directory, baseName);
        return File.Exists(raw) ? raw : throw new IdxFormatException(gz, $"file not found (nor {baseName})");
    }

    /// <summary>SHA-256 (hex) of the decompressed contents of every file of the dataset, in a stable order.</summary>
    public static string Fingerprint(string directory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string name in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            string path = Resolve(directory, name);
            using var file = File.OpenRead(path);
            using Stream stream = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b
                ? new GZipStream(Reset(file), CompressionMode.Decompress)
                : Reset(file);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, n);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static FileStream Reset(FileStream file)
    {
        file.Position = 0;
        return file;
    }
}
