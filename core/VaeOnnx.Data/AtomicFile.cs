using System.Text;

namespace VaeOnnx.Data;

/// <summary>
/// The one way every VaeOnnx program writes a file, so that readers never see a half-written one: the content goes
/// to a temporary file beside the target (<c>.name.RANDOM.tmp</c>, same folder so the rename is atomic), is flushed to
/// disk, and is then renamed over the target. A failed write or rename leaves the old file untouched and removes the
/// temporary one. Missing parent folders are created. Failures raise <see cref="DataFileException"/> naming the file.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Starts an atomic write: write to <see cref="AtomicWrite.Stream"/>, then call <see cref="AtomicWrite.Commit"/>.
    /// Disposing without committing discards the temporary file.
    /// </summary>
    public static AtomicWrite Begin(string path) => new(path);

    /// <summary>
    /// Commits files that belong together (the two halves of a model): every target is checked first, so that a folder
    /// in the way of the second does not leave the first one replaced; then each is renamed into place.
    /// </summary>
    /// <exception cref="DataFileException">A target is a folder, or a rename failed.</exception>
    public static void CommitAll(params AtomicWrite[] writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            write.CheckTarget();
            write.Seal();
        }
        foreach (var write in writes)
        {
            write.Commit();
        }
    }

    /// <summary>
    /// Proves that <paramref name="path"/> can be written before the work that produces it: a write is begun and
    /// discarded (missing folders are created), so that the folder's permissions, file system and quota, or a folder in
    /// the way of the file, fail in one line at the start of a long run rather than after it.
    /// </summary>
    /// <exception cref="DataFileException">The file cannot be written there.</exception>
    public static void Probe(string path)
    {
        using var write = Begin(path);
        write.CheckTarget();
    }

    /// <summary>
    /// Creates <paramref name="folder"/> and proves it takes files (see <see cref="Probe"/>) before a long run writes
    /// into it, for the output folder a program was given by the option <paramref name="givenBy"/>.
    /// </summary>
    /// <exception cref="DataFileException">Naming the folder and the option: it is a file, or cannot take files.</exception>
    public static void ProbeFolder(string folder, string givenBy)
    {
        if (File.Exists(folder))
        {
            throw new DataFileException(folder, $"the output folder given by {givenBy} is a file");
        }
        try
        {
            Probe(Path.Combine(folder, ".probe"));
        }
        catch (DataFileException e)
        {
            throw new DataFileException(folder, $"cannot write into the output folder given by {givenBy} ({(e.InnerException ?? e).Message})", e);
        }
    }

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

/// <summary>
/// One atomic write in progress (see <see cref="AtomicFile.Begin"/>). <see cref="Seal"/> finishes the temporary file
/// without publishing it, so it can be checked first (the ONNX export runs the sealed files in ONNX Runtime and
/// commits both only when they pass).
/// </summary>
public sealed class AtomicWrite : IDisposable
{
    private readonly FileStream _stream;
    private bool _sealed;
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

    /// <summary>The stream to write the content to (until <see cref="Seal"/>).</summary>
    public Stream Stream => _stream;

    /// <summary>Flushes the temporary file to disk and closes it; it can then be read at <see cref="TemporaryPath"/>.</summary>
    public void Seal()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_sealed)
        {
            return;
        }
        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw new DataFileException(FinalPath, $"cannot write ({e.Message})", e);
        }
        finally
        {
            _stream.Dispose();
        }
        _sealed = true;
    }

    /// <summary>Seals the temporary file and renames it over <see cref="FinalPath"/>.</summary>
    public void Commit()
    {
        CheckTarget();
        Seal();
        try
        {
            File.Move(TemporaryPath, FinalPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The temporary file is removed by Dispose; the previous file, if any, is untouched.
            throw new DataFileException(FinalPath, $"cannot replace the file ({e.Message})", e);
        }
        _done = true;
    }

    /// <summary>A folder where the file should go would make the rename fail with a confusing message: say so.</summary>
    internal void CheckTarget()
    {
        if (Directory.Exists(FinalPath))
        {
            throw new DataFileException(FinalPath, "cannot replace the file (a folder is in the way)");
        }
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
