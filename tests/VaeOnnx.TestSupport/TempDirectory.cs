namespace VaeOnnx.TestSupport;

/// <summary>A fresh folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vaeonnx-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A path inside the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A path inside the folder from several parts (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A subfolder, created.</summary>
    public string Sub(string name) => Directory.CreateDirectory(File(name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file (a test server shutting down) must not fail the test.
        }
    }
}
