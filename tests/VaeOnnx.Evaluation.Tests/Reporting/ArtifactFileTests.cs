using VaeOnnx.Evaluation.Reporting;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests.Reporting;

public sealed class ArtifactFileTests
{
    [Fact]
    public void WriteAllText_ReplacesFileAndLeavesNoTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("sub", "a.txt");
        ArtifactFile.WriteAllText(path, "one");
        ArtifactFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Combine("sub"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Write_FailingWriter_KeepsOldFileAndRemovesTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("a.txt");
        ArtifactFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => ArtifactFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
