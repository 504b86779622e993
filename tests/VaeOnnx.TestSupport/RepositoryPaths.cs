namespace VaeOnnx.TestSupport;

/// <summary>Locates the repository (and its embedded MNIST) from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mnist => Path.Combine(Root, "data", "mnist");

    /// <summary>A model folder written before the signature existed (see its README.md).</summary>
    public static string LegacyModel => Path.Combine(Root, "tests", "fixtures", "legacy-model");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VaeOnnx.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("VaeOnnx.sln not found above " + AppContext.BaseDirectory);
    }
}
