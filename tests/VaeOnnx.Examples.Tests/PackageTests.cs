using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VaeOnnx.Examples.Tests.Support;

namespace VaeOnnx.Examples.Tests;

/// <summary>What <c>make pack</c> writes: three packages with one version, their metadata, docs and symbols, and no native runtime.</summary>
[Collection(LocalFeedCollection.Name)]
public sealed partial class PackageTests(LocalFeed feed)
{
    private static XElement Nuspec(ZipArchive package) =>
        XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).Root!;

    private static string? Element(XElement nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [Theory]
    [InlineData("VaeOnnx.Contract")]
    [InlineData("VaeOnnx.Data")]
    [InlineData("VaeOnnx.Inference")]
    public void Pack_EachPackage_CarriesLicenceDescriptionXmlDocsAndSymbols(string id)
    {
        feed.Pack.AssertSucceeded();
        using var package = ZipFile.OpenRead(feed.File(id));
        var nuspec = Nuspec(package);

        Assert.Equal(id, Element(nuspec, "id"));
        Assert.Equal(feed.Version, Element(nuspec, "version"));
        Assert.Equal("MIT", Element(nuspec, "license"));
        Assert.False(string.IsNullOrWhiteSpace(Element(nuspec, "description")));
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains($"lib/net10.0/{id}.dll", files);
        Assert.Contains($"lib/net10.0/{id}.xml", files);
        using var symbols = ZipFile.OpenRead(feed.File(id, ".snupkg"));
        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void Pack_Inference_DependsOnTheOtherTwoAndTheManagedRuntimeOnly()
    {
        feed.Pack.AssertSucceeded();
        using var package = ZipFile.OpenRead(feed.File("VaeOnnx.Inference"));

        var dependencies = Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        Assert.Equal(feed.Version, dependencies["VaeOnnx.Contract"]);
        Assert.Equal(feed.Version, dependencies["VaeOnnx.Data"]);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", dependencies.Keys);
        Assert.Equal(3, dependencies.Count);
        // No native library inside: the app that embeds the package picks the ONNX Runtime flavour.
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal) || e.FullName.EndsWith(".so", StringComparison.Ordinal));
    }

    [Fact]
    public void Pack_Inference_ItsReadmeStandsAloneAndNamesTheRuntimePackages()
    {
        feed.Pack.AssertSucceeded();
        using var package = ZipFile.OpenRead(feed.File("VaeOnnx.Inference"));
        Assert.Equal("README.md", Element(Nuspec(package), "readme"));
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        string readme = reader.ReadToEnd();

        // nuget.org shows the README without the repository: a relative link would lead nowhere.
        Assert.Empty(RelativeLink().Matches(readme));
        Assert.Contains("Microsoft.ML.OnnxRuntime --version 1.31.0", readme, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux --version 1.31.0", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Examples_DefaultPackageVersion_IsTheOneMakePackWrites()
    {
        string examples = XDocument.Load(Path.Combine(RepositoryPaths.Root, "examples", "Directory.Build.props"))
            .Descendants("VaeOnnxVersion").Single().Value;

        Assert.Equal(LocalFeed.RepositoryVersion, examples);
    }

    // [text](target) where target is not an absolute URL.
    [GeneratedRegex(@"\]\((?!https?:)[^)]*\)")]
    private static partial Regex RelativeLink();
}
