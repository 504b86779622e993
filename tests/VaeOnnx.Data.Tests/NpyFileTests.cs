namespace VaeOnnx.Data.Tests;

public class NpyFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void NpyFile_Float32RoundTrip_KeepsDataAndShape()
    {
        using var temp = new TempDirectory();
        float[] data = [1.5f, -2f, float.Epsilon, 3.25e10f, 0f, -0f];
        NpyFile.Write(temp.File("a.npy"), data, [2, 3]);
        var read = NpyFile.ReadFloat32(temp.File("a.npy"));
        Assert.Equal(new[] { 2, 3 }, read.Shape);
        Assert.Equal(data, read.Data);
        Assert.Equal(2, read.Rows);
        Assert.Equal(3, read.RowLength);
    }

    [Fact]
    public void NpyFile_UInt8RoundTrip_KeepsDataAndShape()
    {
        using var temp = new TempDirectory();
        byte[] data = [0, 1, 127, 128, 254, 255, 7, 9];
        NpyFile.Write(temp.File("b.npy"), data, [2, 2, 2]);
        var read = NpyFile.ReadUInt8(temp.File("b.npy"));
        Assert.Equal(new[] { 2, 2, 2 }, read.Shape);
        Assert.Equal(data, read.Data);
        Assert.True(NpyFile.ReadHeader(temp.File("b.npy")).IsUInt8);
        Assert.Equal(data.Select(b => (float)b), NpyFile.ReadFloat32(temp.File("b.npy")).Data);
    }

    [Fact]
    public void NpyFile_Write_HeaderIsNumpyVersion1AlignedTo64()
    {
        using var temp = new TempDirectory();
        NpyFile.Write(temp.File("c.npy"), new float[5], [5]);
        var bytes = File.ReadAllBytes(temp.File("c.npy"));
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", header, StringComparison.Ordinal);
        Assert.Equal(10 + headerLength + (5 * 4), bytes.Length);
    }

    [Fact]
    public void NpyFile_ShapeDisagreesWithData_ThrowsArgumentException()
    {
        using var temp = new TempDirectory();
        Assert.Throws<ArgumentException>(() => NpyFile.Write(temp.File("d.npy"), new float[5], [2, 3]));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void NpyFile_ReadNumpyFloat32_MatchesValues()
    {
        var read = NpyFile.ReadFloat32(Fixture("f4_2x3.npy"));
        Assert.Equal(new[] { 2, 3 }, read.Shape);
        Assert.Equal(new[] { -0.25f, -0.125f, 0f, 0.125f, 0.25f, 0.375f }, read.Data);
    }

    [Fact]
    public void NpyFile_ReadNumpyUInt8_MatchesValues()
    {
        var read = NpyFile.ReadUInt8(Fixture("u1_2x2x2.npy"));
        Assert.Equal(new[] { 2, 2, 2 }, read.Shape);
        Assert.Equal(new byte[] { 0, 1, 2, 127, 128, 200, 254, 255 }, read.Data);
    }

    [Fact]
    public void NpyFile_ReadNumpyFloat64AndBigEndian_ConvertsToFloat32()
    {
        Assert.Equal(new[] { 0.5f, -1.25f, 3f }, NpyFile.ReadFloat32(Fixture("f8_3.npy")).Data);
        Assert.Equal(new[] { 1.5f, -2f }, NpyFile.ReadFloat32(Fixture("f4_big_endian_2.npy")).Data);
    }

    [Fact]
    public void NpyFile_ReadNumpyScalar_HasEmptyShape()
    {
        var read = NpyFile.ReadFloat32(Fixture("f4_scalar.npy"));
        Assert.Empty(read.Shape);
        Assert.Equal(new[] { 2.5f }, read.Data);
    }

    [Fact]
    public void NpyFile_FortranOrder_IsRefusedClearly()
    {
        var e = Assert.Throws<DataFileException>(() => NpyFile.ReadFloat32(Fixture("f4_fortran_2x3.npy")));
        Assert.Contains("Fortran", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyFile_UnsupportedDtype_IsRefusedNamingIt()
    {
        var e = Assert.Throws<DataFileException>(() => NpyFile.ReadFloat32(Fixture("i4_3.npy")));
        Assert.Contains("'<i4'", e.Message, StringComparison.Ordinal);
        Assert.Throws<DataFileException>(() => NpyFile.ReadUInt8(Fixture("f4_2x3.npy")));
    }

    [Fact]
    public void NpyFile_Truncated_ThrowsNamingFile()
    {
        using var temp = new TempDirectory();
        NpyFile.Write(temp.File("t.npy"), new float[10], [10]);
        var bytes = File.ReadAllBytes(temp.File("t.npy"));
        File.WriteAllBytes(temp.File("t.npy"), bytes[..^3]);
        var e = Assert.Throws<DataFileException>(() => NpyFile.ReadFloat32(temp.File("t.npy")));
        Assert.Contains("t.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyFile_NotNpy_ThrowsClearError()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("x.npy"), "hello, world");
        Assert.Contains("not a .npy file", Assert.Throws<DataFileException>(() => NpyFile.ReadFloat32(temp.File("x.npy"))).Message, StringComparison.Ordinal);
        Assert.Contains("file not found", Assert.Throws<DataFileException>(() => NpyFile.ReadFloat32(temp.File("missing.npy"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyFile_StreamRoundTrip_Works()
    {
        using var memory = new MemoryStream();
        NpyFile.Write(memory, [1f, 2f], [1, 2]);
        memory.Position = 0;
        Assert.Equal(new[] { 1f, 2f }, NpyFile.ReadFloat32(memory).Data);
    }

    [Fact]
    public void AtomicFile_FailedWrite_LeavesOldFileAndNoTemporary()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void AtomicFile_MissingParent_IsCreated()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "a", "b", "c.txt");
        AtomicFile.WriteAllText(path, "x");
        Assert.Equal("x", File.ReadAllText(path));
    }
}
