namespace VaeOnnx.TestSupport;

/// <summary>Locates the repository (and its embedded MNIST) from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mnist => Path.Combine(Root, "data", "mnist");

    /// <summary>A model folder written before the signature existed (see its README.md).</summary>
    public static string LegacyModel => Path.Combine(Root, "tests", "fixtures", "legacy-model");

    /// <summary>
    /// The CLI built in the tests' own configuration, for tests that start <c>dotnet vae.dll serve</c> out of process.
    /// </summary>
    public static string VaeDll => Program("inference/VaeOnnx.Cli", "vae.dll");

    /// <summary>
    /// A program of the repository as built beside the tests (same configuration, framework and runtime folders), e.g.
    /// <c>Program("trainer/VaeOnnx.Trainer", "vae-train.dll")</c>; run it with <c>dotnet</c>.
    /// </summary>
    public static string Program(string project, string assembly)
    {
        // The tests' own folder is bin/<configuration>/<framework>/<runtime>.
        var binaries = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(Root, project, "bin", binaries.Parent!.Parent!.Name, binaries.Parent.Name, binaries.Name, assembly);
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
