using System.Runtime.InteropServices;

namespace VaeOnnx.Training;

/// <summary>Native libraries already in this process (those libtorch brought in), found by file name.</summary>
internal static class LoadedLibrary
{
    /// <summary>
    /// A handle to the first mapped library whose file name starts with <paramref name="fileNamePrefix"/>; false where
    /// there is none (another platform or build). Loading an already mapped library by its path only takes a reference.
    /// </summary>
    public static bool TryGet(string fileNamePrefix, out nint library)
    {
        library = 0;
        return Find(fileNamePrefix) is { } path && NativeLibrary.TryLoad(path, out library);
    }

    private static string? Find(string fileNamePrefix)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is int at and >= 0 ? line[at..] : null)
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith(fileNamePrefix, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
