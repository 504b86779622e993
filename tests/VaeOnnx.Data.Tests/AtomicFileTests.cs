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

    [Fact]
    public void Commit_DirectoryInTheWay_FailsNamingItKeepsItAndLeavesNoTemporary()
    {
        string path = Path.Combine(dir, "model.onnx");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside"), "kept");

        var error = Assert.Throws<DataFileException>(() => AtomicFile.WriteAllText(path, "new"));

        Assert.StartsWith($"{path}: cannot replace the file", error.Message, StringComparison.Ordinal);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(path, "inside")));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void Probe_WritablePlace_CreatesTheFolderAndLeavesNoFile()
    {
        string path = Path.Combine(dir, "results", "bench.json");

        AtomicFile.Probe(path);

        Assert.True(Directory.Exists(Path.Combine(dir, "results")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir, "results")));
    }

    [Fact]
    public void Probe_BelowAFile_DataFileExceptionNamingTheFile()
    {
        File.WriteAllText(Path.Combine(dir, "a-file"), "not a folder");
        string path = Path.Combine(dir, "a-file", "bench.json");

        var error = Assert.Throws<DataFileException>(() => AtomicFile.Probe(path));
        Assert.StartsWith($"{path}: cannot write", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_FolderInTheWay_DataFileExceptionAndLeavesNoTemporary()
    {
        string path = Path.Combine(dir, "bench.json");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<DataFileException>(() => AtomicFile.Probe(path));

        Assert.StartsWith($"{path}: cannot replace the file (a folder is in the way)", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void ProbeFolder_NewFolder_CreatesItEmpty()
    {
        string folder = Path.Combine(dir, "models");

        AtomicFile.ProbeFolder(folder, "--out");

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void ProbeFolder_AFile_NamesTheFolderAndTheOption()
    {
        string folder = Path.Combine(dir, "models");
        File.WriteAllText(folder, "not a folder");

        var error = Assert.Throws<DataFileException>(() => AtomicFile.ProbeFolder(folder, "--out"));
        Assert.Equal($"{folder}: the output folder given by --out is a file", error.Message);
    }

    [Fact]
    public void ProbeFolder_BelowAFile_NamesTheFolderTheOptionAndTheCause()
    {
        File.WriteAllText(Path.Combine(dir, "a-file"), "not a folder");
        string folder = Path.Combine(dir, "a-file", "models");

        var error = Assert.Throws<DataFileException>(() => AtomicFile.ProbeFolder(folder, "--json-dir"));
        Assert.StartsWith($"{folder}: cannot write into the output folder given by --json-dir (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot write (", error.Message, StringComparison.Ordinal);
    }

    [NotRootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Commit_ReadOnlyFolder_FailsNamingTheFileAndKeepsThePreviousOne()
    {
        string folder = Path.Combine(dir, "ro");
        string path = Path.Combine(folder, "history.json");
        AtomicFile.WriteAllText(path, "old");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var error = Assert.Throws<DataFileException>(() => AtomicFile.WriteAllText(path, "new"));

            Assert.StartsWith($"{path}: cannot write", error.Message, StringComparison.Ordinal);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Seal_ThenDispose_DiscardsTheTemporaryAndKeepsThePreviousFile()
    {
        string path = Path.Combine(dir, "decoder.onnx");
        AtomicFile.WriteAllText(path, "previous");
        using (var write = AtomicFile.Begin(path))
        {
            write.Stream.WriteByte(7);
            write.Seal();
            Assert.Equal([7], File.ReadAllBytes(write.TemporaryPath));
        }

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void CommitAll_FolderInTheWayOfTheSecond_ReplacesNeither()
    {
        string encoder = Path.Combine(dir, "encoder.onnx"), decoder = Path.Combine(dir, "decoder.onnx");
        AtomicFile.WriteAllText(encoder, "old encoder");
        Directory.CreateDirectory(decoder);
        using var first = AtomicFile.Begin(encoder);
        using var second = AtomicFile.Begin(decoder);
        first.Stream.WriteByte(1);
        second.Stream.WriteByte(2);

        var error = Assert.Throws<DataFileException>(() => AtomicFile.CommitAll(first, second));

        Assert.Equal($"{decoder}: cannot replace the file (a folder is in the way)", error.Message);
        Assert.Equal("old encoder", File.ReadAllText(encoder));
    }
}
