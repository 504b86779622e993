using System.Text;

namespace VaeOnnx.Evaluation.Reporting;

/// <summary>
/// Writes report artifacts atomically: the content goes to a hidden temporary file beside the target
/// (<c>.name.RANDOM.tmp</c>), which is then renamed over it, so a reader never sees a half-written file and a
/// failed run leaves the previous artifact intact. Missing folders are created.
/// </summary>
public static class ArtifactFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    /// <summary>Writes through <paramref name="write"/> into a stream, then renames into place.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
