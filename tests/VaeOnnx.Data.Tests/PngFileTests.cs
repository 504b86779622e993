using System.Buffers.Binary;

namespace VaeOnnx.Data.Tests;

public class PngFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(28, 28)]
    [InlineData(37, 5)]
    [InlineData(3, 64)]
    public void PngFile_GrayRoundTrip_IsLossless(int width, int height)
    {
        using var temp = new TempDirectory();
        var pixels = new byte[width * height];
        new Random(width * 100 + height).NextBytes(pixels);
        for (int i = 0; i < pixels.Length / 2; i++)
        {
            pixels[i] = (byte)(i % 7); // smooth part, so every filter type gets chosen somewhere
        }
        PngFile.WriteGray(temp.File("x.png"), pixels, width, height);
        var read = PngFile.ReadGray(temp.File("x.png"));
        Assert.Equal(width, read.Width);
        Assert.Equal(height, read.Height);
        Assert.Equal(pixels, read.Pixels);
    }

    [Theory]
    [InlineData("grey8")]
    [InlineData("grey_alpha")]
    [InlineData("rgb")]
    [InlineData("rgba")]
    [InlineData("bilevel")]
    [InlineData("grey16")]
    [InlineData("palette")]
    public void PngFile_ReadPillowFiles_GivesExpectedGrey(string name)
    {
        var expected = NpyFile.ReadUInt8(Fixture(name + ".expected.npy"));
        var image = PngFile.ReadGray(Fixture(name + ".png"));
        Assert.Equal(expected.Shape[1], image.Width);
        Assert.Equal(expected.Shape[0], image.Height);
        Assert.Equal(expected.Data, image.Pixels);
    }

    [Fact]
    public void PngFile_Interlaced_IsRefusedClearly()
    {
        var bytes = File.ReadAllBytes(Fixture("grey8.png"));
        bytes[8 + 8 + 12] = 1; // IHDR interlace byte
        FixChunkCrc(bytes, 8);
        var e = Assert.Throws<DataFileException>(() => PngFile.DecodeGray(bytes, "i.png"));
        Assert.Equal("i.png: interlaced PNG is not supported (save it non-interlaced)", e.Message);
    }

    [Fact]
    public void PngFile_CorruptCrc_IsDetected()
    {
        var bytes = PngFile.EncodeGray(new byte[16], 4, 4);
        bytes[8 + 8 + 2] ^= 0xff; // inside IHDR data
        var e = Assert.Throws<DataFileException>(() => PngFile.DecodeGray(bytes, "c.png"));
        Assert.Contains("CRC mismatch in chunk IHDR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngFile_Truncated_IsDetected()
    {
        var bytes = PngFile.EncodeGray(new byte[100], 10, 10);
        var e = Assert.Throws<DataFileException>(() => PngFile.DecodeGray(bytes.AsSpan(0, bytes.Length - 20), "t.png"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a PNG", Assert.Throws<DataFileException>(() => PngFile.DecodeGray("GIF89a"u8, "g.gif")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PngFile_WrongPixelCount_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => PngFile.EncodeGray(new byte[10], 3, 3));
    }

    [Fact]
    public void ImageGrid_Compose_HasTorchvisionSizeAndPlacement()
    {
        var images = new float[5 * 784];
        for (int i = 0; i < 5; i++)
        {
            images[(i * 784) + 0] = (i + 1) / 10f; // top-left pixel of tile i
        }
        var grid = ImageGrid.Compose(images, columns: 3);
        Assert.Equal((3 * 28) + (4 * 2), grid.Width);
        Assert.Equal((2 * 28) + (3 * 2), grid.Height);
        Assert.Equal(26, grid[2, 2]);        // tile 0 at (2,2): 0.1·255 = 25.5 → 26
        Assert.Equal(51, grid[2 + 30, 2]);   // tile 1 one tile to the right
        Assert.Equal(102, grid[2, 2 + 30]);  // tile 3 starts the second row: 0.4·255 = 102
        Assert.Equal(0, grid[0, 0]);         // padding
    }

    [Fact]
    public void ImageGrid_Scale_MagnifiesEachTile()
    {
        var image = new byte[784];
        image[(27 * 28) + 27] = 200; // bottom-right pixel
        var grid = ImageGrid.Compose(image, 1, new ImageGridOptions { Scale = 3, Padding = 0 });
        Assert.Equal(84, grid.Width);
        Assert.Equal(84, grid.Height);
        Assert.Equal(200, grid[83, 83]);
        Assert.Equal(200, grid[81, 81]);
        Assert.Equal(0, grid[80, 80]);
    }

    [Fact]
    public void PngFile_WriteGrid_FileHasGridSize()
    {
        using var temp = new TempDirectory();
        var written = PngFile.WriteGrid(temp.File("g.png"), RandomPixels(25 * 784, seed: 1), 5, new ImageGridOptions { Scale = 2 });
        var read = PngFile.ReadGray(temp.File("g.png"));
        Assert.Equal((5 * 56) + (6 * 2), read.Width);
        Assert.Equal(read.Width, read.Height);
        Assert.Equal(written.Pixels, read.Pixels);
    }

    [Fact]
    public void ImageGrid_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose(new float[783], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose(new float[784], 0));
    }

    private static void FixChunkCrc(byte[] png, int offset)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(offset + 8 + length), crc);
    }

    private static float[] RandomPixels(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)random.NextDouble())];
    }
}
