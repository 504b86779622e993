using System.Security.Cryptography;
using System.Text.Json;

namespace VaeOnnx.Data.Tests;

/// <summary>
/// PNG and .npy files as the project writes them, read by someone else's reader: Pillow and numpy decoded the
/// committed copies in <c>Fixtures/written</c> (see <c>make_readback.py</c>) into <c>readback.json</c>. Each test
/// first checks that today's writer still produces the committed bytes, then that the independent decoding of those
/// bytes is the data that went in — so a writer bug our own reader shares cannot hide. When the bytes differ, the test
/// leaves NAME.received beside the committed file: if the change is meant, move it over NAME and rerun the script.
/// </summary>
public class IndependentReaderTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "VaeOnnx.Data.Tests", "Fixtures", "written");

    /// <summary>What Pillow or numpy made of the committed file <paramref name="name"/> — of these very bytes.</summary>
    private static JsonElement Decoded(string name)
    {
        var decoded = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "readback.json"))).RootElement.GetProperty(name);
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, name))));
        Assert.True(decoded.GetProperty("sha256").GetString() == hash, $"readback.json is stale for {name}: rerun make_readback.py");
        return decoded;
    }

    /// <summary>37 × 5: odd width, rows smooth and noisy so every PNG filter type is chosen somewhere.</summary>
    internal static byte[] GrayPixels()
    {
        var pixels = new byte[37 * 5];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = i < 74 ? (byte)(i % 9 * 3) : (byte)((i * 151 + i / 7 * 17) % 256);
        }
        return pixels;
    }

    /// <summary>Three 4 × 4 images in [0,1] (both ends included), laid out two per row.</summary>
    internal static float[] GridImages() => [.. Enumerable.Range(0, 48).Select(i => i % 16 == 0 ? 1f : i * 37 % 48 / 47f)];

    internal static readonly ImageGridOptions GridOptions = new() { ImageWidth = 4, ImageHeight = 4, Padding = 1, PadValue = 200, Scale = 2 };

    /// <summary>Fractions, both zeros, a subnormal and a large value, in a 2 × 3 × 4 array.</summary>
    internal static float[] Floats() => [.. Enumerable.Range(0, 24).Select(i => (i - 11) / 7f)];

    internal static float[] FloatsWithEdges()
    {
        var values = Floats();
        values[0] = -0f;
        values[1] = float.Epsilon;
        values[2] = 3.25e30f;
        values[3] = float.MinValue;
        return values;
    }

    internal static byte[] Bytes() => [.. Enumerable.Range(0, 15).Select(i => (byte)(i * 73 % 256))];

    [Fact]
    public void PngFile_WriteGray_PillowReadsThePixels()
    {
        byte[] written = WriteAndCompare("gray_37x5.png", path => PngFile.WriteGray(path, GrayPixels(), 37, 5));
        var decoded = Decoded("gray_37x5.png");
        Assert.Equal("L", decoded.GetProperty("mode").GetString());
        Assert.Equal([37, 5], Ints(decoded.GetProperty("size")));
        Assert.Equal(GrayPixels(), Ints(decoded.GetProperty("pixels")).Select(v => (byte)v));
        Assert.NotEmpty(written);
    }

    [Fact]
    public void PngFile_WriteGrid_PillowReadsTheComposedGrid()
    {
        GrayImage grid = null!;
        WriteAndCompare("grid.png", path => grid = PngFile.WriteGrid(path, GridImages(), columns: 2, GridOptions));
        var decoded = Decoded("grid.png");
        Assert.Equal([grid.Width, grid.Height], Ints(decoded.GetProperty("size")));
        Assert.Equal(grid.Pixels, Ints(decoded.GetProperty("pixels")).Select(v => (byte)v));
        // Not only ImageGrid's word for it: 2 columns of 4-pixel images shown twice as large, 1 pixel of padding between
        // and around; the corner is padding (200) and image 0's first pixel (1.0) comes right after it, twice over.
        Assert.Equal((2 * 4 * 2) + 3, grid.Width);
        var pixels = Ints(decoded.GetProperty("pixels"));
        Assert.Equal(200, pixels[0]);
        Assert.Equal([255, 255], new[] { pixels[grid.Width + 1], pixels[grid.Width + 2] });
    }

    [Fact]
    public void NpyFile_WriteFloat32_NumpyReadsValuesAndShape()
    {
        WriteAndCompare("f4_2x3x4.npy", path => NpyFile.Write(path, FloatsWithEdges(), [2, 3, 4]));
        var decoded = Decoded("f4_2x3x4.npy");
        Assert.Equal("<f4", decoded.GetProperty("dtype").GetString());
        Assert.False(decoded.GetProperty("fortran_order").GetBoolean());
        Assert.Equal([2, 3, 4], Ints(decoded.GetProperty("shape")));
        // JSON carries each float32 as the double it equals exactly; the sign of -0 travels as its own flag.
        var values = decoded.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal(FloatsWithEdges(), values);
        Assert.True(decoded.GetProperty("first_is_negative_zero").GetBoolean());
    }

    [Fact]
    public void NpyFile_WriteFloat32Vector_NumpyReadsAOneDimensionalArray()
    {
        WriteAndCompare("f4_5.npy", path => NpyFile.Write(path, Floats().AsSpan(0, 5), [5]));
        var decoded = Decoded("f4_5.npy");
        Assert.Equal([5], Ints(decoded.GetProperty("shape")));
        Assert.Equal(Floats()[..5], decoded.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
    }

    [Fact]
    public void NpyFile_WriteUInt8_NumpyReadsValuesAndShape()
    {
        WriteAndCompare("u1_3x5.npy", path => NpyFile.Write(path, Bytes(), [3, 5]));
        var decoded = Decoded("u1_3x5.npy");
        Assert.Equal("|u1", decoded.GetProperty("dtype").GetString());
        Assert.Equal([3, 5], Ints(decoded.GetProperty("shape")));
        Assert.Equal(Bytes(), Ints(decoded.GetProperty("values")).Select(v => (byte)v));
    }

    /// <summary>Writes with today's code and checks the bytes are the committed file Pillow/numpy decoded.</summary>
    private static byte[] WriteAndCompare(string name, Action<string> write)
    {
        using var temp = new TempDirectory();
        write(temp.File(name));
        byte[] written = File.ReadAllBytes(temp.File(name));
        string committed = Path.Combine(Folder, name);
        string received = committed + ".received";
        if (!File.Exists(committed) || !File.ReadAllBytes(committed).AsSpan().SequenceEqual(written))
        {
            File.WriteAllBytes(received, written);
            Assert.Fail($"{name}: the writer's output is not the committed file; see {received} (move it over {name} and rerun make_readback.py if meant)");
        }
        File.Delete(received);
        return written;
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt32())];
}
