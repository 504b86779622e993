namespace VaeOnnx.TestSupport;

/// <summary>Locates the repository (and its embedded MNIST) from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mnist => Path.Combine(Root, "data", "mnist");

    /// <summary>A model folder written before the signature existed (see its README.md).</summary>
    public static string LegacyModel => Path.Combine(Root, "tests", "fixtures", "legacy-model");

    /// <summary>
    /// The CLI built in the tests' own configuration, for tests that start <c>dotnet vae.dll serve</c> out of process: the
    /// test binaries' folder is bin/&lt;config&gt;/net10.0/linux-x64, and so is the CLI's.
    /// </summary>
    public static string VaeDll
    {
        get
        {
            var binaries = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = binaries.Parent!.Parent!.Name;
            return Path.Combine(Root, "inference", "VaeOnnx.Cli", "bin", configuration, binaries.Parent.Name, binaries.Name, "vae.dll");
        }
    }

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
