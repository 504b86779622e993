using System.Buffers.Binary;
using System.IO.Compression;

namespace VaeOnnx.Data.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vaeonnx-idx-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static byte[] ImageFile(int count, int rows, int cols, int? dataBytes = null, int magic = IdxReader.ImageMagic)
    {
        int payload = dataBytes ?? count * rows * cols;
        var bytes = new byte[16 + payload];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (int i = 0; i < payload; i++)
        {
            bytes[16 + i] = (byte)(i * 7);
        }
        return bytes;
    }

    private static byte[] LabelFile(int count, int magic = IdxReader.LabelMagic)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % 10);
        }
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(dir, name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_GoodFile_ReturnsHeaderAndPixels(bool gzip)
    {
        string path = Write("images", ImageFile(3, 28, 28), gzip);

        var images = IdxReader.ReadImages(path);

        Assert.Equal((3, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(3 * 784, images.Pixels.Length);
        Assert.Equal(unchecked((byte)(785 * 7)), images.Image(1)[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_GoodFile_ReturnsLabels(bool gzip)
    {
        string path = Write("labels", LabelFile(12), gzip);

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i % 10)), IdxReader.ReadLabels(path));
    }

    [Fact]
    public void ReadImages_LabelFile_WrongMagicNamesFile()
    {
        string path = Write("labels-as-images", LabelFile(4));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("holds labels (magic 2049), expected images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_GarbageMagic_Rejected()
    {
        string path = Write("garbage", ImageFile(1, 28, 28, magic: 0x12345678));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("not an IDX file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_Truncated_SaysHowMuchIsMissing(bool gzip)
    {
        string path = Write("short", ImageFile(2, 28, 28, dataBytes: 1000), gzip);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("truncated: header promises 1,568 data bytes, file holds 1,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_ShorterThanHeader_Rejected()
    {
        string path = Write("tiny", [0, 0, 8]);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("too short for an IDX header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_TrailingData_Rejected()
    {
        var bytes = LabelFile(5).Concat(new byte[] { 1, 2 }).ToArray();
        string path = Write("long", bytes);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("beyond the 5 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_MissingFile_SaysNotFound()
    {
        string path = Path.Combine(dir, "absent");

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void ReadImages_CorruptGzip_Rejected()
    {
        var gz = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff };
        string path = Write("bad.gz", gz);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MnistDatasetLoad_CountMismatch_NamesBothFiles()
    {
        Write("train-images-idx3-ubyte", ImageFile(3, 28, 28));
        Write("train-labels-idx1-ubyte.gz", LabelFile(4), gzip: true);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(dir, DatasetSplit.Train));
        Assert.Contains("train-labels-idx1-ubyte.gz: holds 4 labels but train-images-idx3-ubyte holds 3 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MnistDatasetLoad_OtherImageSize_KeepsTheFilesSize()
    {
        Write("t10k-images-idx3-ubyte", ImageFile(2, 32, 24));
        Write("t10k-labels-idx1-ubyte", LabelFile(2));

        var images = MnistDataset.Load(dir, DatasetSplit.Test);

        Assert.Equal((2, 32, 24, 768), (images.Count, images.Rows, images.Columns, images.PixelsPerImage));
    }

    [Fact]
    public void MnistDatasetLoad_LabelOutsideTheClasses_NamesFileAndFirstBadIndex()
    {
        Write("t10k-images-idx3-ubyte", ImageFile(5, 28, 28));
        var labels = LabelFile(5);
        labels[8 + 3] = 200;
        labels[8 + 4] = 10;
        Write("t10k-labels-idx1-ubyte", labels);

        var error = Assert.Throws<IdxFormatException>(() => MnistDataset.Load(dir, DatasetSplit.Test));

        Assert.Equal($"{Path.Combine(dir, "t10k-labels-idx1-ubyte")}: label 200 at index 3 is outside 0..9", error.Message);
    }

    [Fact]
    public void MnistDatasetLoad_EmbeddedMnist_HasKnownCountsAndChecksum()
    {
        string mnist = Path.Combine(FindRoot(), "data", "mnist");

        var test = MnistDataset.Load(mnist, DatasetSplit.Test);

        Assert.Equal(10_000, test.Count);
        int[] expectedCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
        Assert.Equal(expectedCounts, Enumerable.Range(0, 10).Select(d => test.Labels.Count(l => l == d)));
        Assert.Equal(7, test.Labels[0]);
    }

    [Fact]
    public void PixelScaling_Bytes_DividedBy255()
    {
        var result = new float[3];
        PixelScaling.ToUnit([0, 51, 255], result);

        Assert.Equal([0f, 0.2f, 1f], result);
    }

    private static string FindRoot()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        while (here is not null && !File.Exists(Path.Combine(here.FullName, "VaeOnnx.sln")))
        {
            here = here.Parent;
        }
        return here?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
