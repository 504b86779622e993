using System.Text;

namespace VaeOnnx.Inference.IO;

/// <summary>
/// Writes files so that readers never see a half-written one: the content goes to a temporary file beside the
/// target (<c>.name.RANDOM.tmp</c>), which is then renamed over it. A failed write leaves the old file untouched
/// and removes the temporary one. Missing parent folders are created.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Starts an atomic write: write to <see cref="AtomicWrite.Stream"/>, then call <see cref="AtomicWrite.Commit"/>.
    /// Disposing without committing discards the temporary file.
    /// </summary>
    public static AtomicWrite Begin(string path) => new(path);

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var file = Begin(path);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Begin(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) to <paramref name="path"/>, atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
    }
}

/// <summary>One atomic write in progress (see <see cref="AtomicFile.Begin"/>).</summary>
public sealed class AtomicWrite : IDisposable
{
    private readonly FileStream _stream;
    private bool _done;

    internal AtomicWrite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FinalPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(FinalPath) ?? ".";
        TemporaryPath = Path.Combine(directory, $".{Path.GetFileName(FinalPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Every program prints this as one line naming the file it could not write.
            throw new DataFileException(path, $"cannot write ({e.Message})", e);
        }
    }

    /// <summary>Where the file ends up.</summary>
    public string FinalPath { get; }

    /// <summary>The temporary file being written.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream;

    /// <summary>Closes the temporary file and renames it over <see cref="FinalPath"/>.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _stream.Dispose();
        File.Move(TemporaryPath, FinalPath, overwrite: true);
        _done = true;
    }

    /// <summary>Discards the temporary file unless <see cref="Commit"/> ran.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        _stream.Dispose();
        try
        {
            File.Delete(TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error that stopped the write is the one worth reporting.
        }
    }
}
