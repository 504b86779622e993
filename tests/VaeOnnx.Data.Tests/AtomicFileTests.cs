namespace VaeOnnx.Data.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("vaeonnx-atomic-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void WriteAllText_ReplacesFileCreatesFolderAndLeavesNoTemporary()
    {
        string path = Path.Combine(dir, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");

        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Write_FailingWriter_KeepsOldFileAndRemovesTemporary()
    {
        string path = Path.Combine(dir, "a.txt");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void WriteAllText_UnwritablePlace_DataFileExceptionNamingTheFile()
    {
        string blocker = Path.Combine(dir, "a-file");
        File.WriteAllText(blocker, "not a folder");
        string path = Path.Combine(blocker, "out.txt");

        var error = Assert.Throws<DataFileException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.StartsWith($"{path}: cannot write", error.Message, StringComparison.Ordinal);
    }
}
