using System.Runtime.Versioning;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// A fact that needs a folder whose read-only permissions stop writes: reported as Skipped, with the reason, where
/// they do not (as root, which the test containers often are).
/// </summary>
public sealed class ReadOnlyFolderFactAttribute : FactAttribute
{
    public ReadOnlyFolderFactAttribute()
    {
        if (!ReadOnlyStopsWrites())
        {
            Skip = $"running as {Environment.UserName}, whom read-only permissions do not stop; the blocked-path tests cover unwritable --out folders";
        }
    }

    /// <summary>Makes <paramref name="folder"/> read-only (r-x for everyone).</summary>
    [UnsupportedOSPlatform("windows")]
    public static void MakeReadOnly(string folder) =>
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    /// <summary>Gives the owner write permission back (so the folder can be deleted).</summary>
    [UnsupportedOSPlatform("windows")]
    public static void MakeWritable(string folder) =>
        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.UserWrite);

    private static bool ReadOnlyStopsWrites()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        using var dir = new TempDirectory();
        MakeReadOnly(dir.Path);
        try
        {
            File.WriteAllText(dir.File("probe"), "");
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        finally
        {
            MakeWritable(dir.Path);
        }
    }
}
