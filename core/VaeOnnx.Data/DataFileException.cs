namespace VaeOnnx.Data;

/// <summary>
/// A file a program was given or writes is missing, malformed, truncated, of the wrong kind or cannot be written:
/// data files, model files, checkpoints. Programs report it as one line and exit with code 2.
/// </summary>
/// <remarks>The message names the file and the fault on one line, so callers can print it as is.</remarks>
public class DataFileException : Exception
{
    /// <summary>Creates the exception: <paramref name="fault"/> found in <paramref name="path"/>.</summary>
    public DataFileException(string path, string fault)
        : base($"{path}: {fault}") => FilePath = path;

    /// <summary>Creates the exception with the error that revealed the fault.</summary>
    public DataFileException(string path, string fault, Exception inner)
        : base($"{path}: {fault}", inner) => FilePath = path;

    /// <summary>The file (or stream name) the fault was found in.</summary>
    public string FilePath { get; }

    /// <summary>What the user can do about it, for programs to add to the message (e.g. "run `make train` first").</summary>
    public string? Hint { get; init; }

    internal static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found" : $"cannot open ({e.Message})", e);
        }
    }
}
