using System.Reflection;
using System.Xml.Linq;

namespace VaeOnnx.Examples.Tests.Support;

/// <summary>
/// The packages of <c>make pack</c>, written once for the collection into artifacts/packages (the folder
/// examples/nuget.config names) under a version of their own (the repository's, with a unique pre-release suffix),
/// so that no package packed or restored earlier can stand in for them. They are packed from this build's binaries
/// (<c>--no-build</c>); on dispose they leave the feed and the NuGet cache again.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    public static readonly string[] PackageIds = ["VaeOnnx.Contract", "VaeOnnx.Data", "VaeOnnx.Inference"];

    public LocalFeed()
    {
        Version = $"{RepositoryVersion}-test.{Guid.NewGuid():N}";
        string configuration = typeof(LocalFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        Pack = ChildProcess.Run("make", ["--no-print-directory", "pack", $"CONFIG={configuration}", $"PACKAGE_VERSION={Version}", "ARGS=--no-build"],
            RepositoryPaths.Root);
    }

    /// <summary>The repository's Version (Directory.Build.props), which <c>make pack</c> gives every package.</summary>
    public static string RepositoryVersion { get; } =
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>The folder examples/nuget.config restores VaeOnnx.* from.</summary>
    public static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "packages");

    /// <summary>This run's package version.</summary>
    public string Version { get; }

    /// <summary>What <c>make pack</c> printed and returned.</summary>
    internal ChildResult Pack { get; }

    /// <summary>The package (<c>.nupkg</c>) or symbol package (<c>.snupkg</c>) of <paramref name="id"/>.</summary>
    public string File(string id, string extension = ".nupkg") => Path.Combine(Folder, $"{id}.{Version}{extension}");

    public void Dispose()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in PackageIds)
        {
            System.IO.File.Delete(File(id));
            System.IO.File.Delete(File(id, ".snupkg"));
            string restored = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }
}

/// <summary>The tests that share one <see cref="LocalFeed"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LocalFeedCollection : ICollectionFixture<LocalFeed>
{
    public const string Name = "local feed";
}
