namespace VaeOnnx.Data;

/// <summary>A data file (PNG, .npy, IDX) or stream is missing, malformed, truncated or of an unsupported kind.</summary>
/// <remarks>The message names the file and the fault on one line, so callers can print it as is.</remarks>
public class DataFileException : Exception
{
    public DataFileException(string path, string fault)
        : base($"{path}: {fault}") => FilePath = path;

    public DataFileException(string path, string fault, Exception inner)
        : base($"{path}: {fault}", inner) => FilePath = path;

    /// <summary>The file (or stream name) the fault was found in.</summary>
    public string FilePath { get; }

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
