using System.Xml.Linq;

namespace VaeOnnx.Documentation.Tests;

/// <summary>The one-way layers of docs/architecture.md, checked on the project files themselves.</summary>
public sealed class LayeringTests
{
    private static readonly Dictionary<string, XDocument> Projects = Directory
        .EnumerateFiles(RepositoryPaths.Root, "*.csproj", SearchOption.AllDirectories)
        .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "tests" or "examples"))
        .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => XDocument.Load(p));

    private static IEnumerable<string> References(string project) =>
        Projects[project].Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!));

    private static IEnumerable<string> Packages(string project) =>
        Projects[project].Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!);

    private static string? Property(string project, string name) => Projects[project].Descendants(name).FirstOrDefault()?.Value;

    /// <summary>Every project <paramref name="project"/> depends on, directly or through others.</summary>
    private static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([project]);
        while (stack.TryPop(out string? next))
        {
            foreach (string reference in References(next).Where(seen.Add))
            {
                stack.Push(reference);
            }
        }
        return seen;
    }

    [Theory]
    [InlineData("VaeOnnx.Contract")]
    [InlineData("VaeOnnx.Data")]
    public void BottomProject_ReferencesNoOtherProject(string project)
    {
        Assert.Empty(References(project));
        Assert.All(Packages(project), p => Assert.Equal("System.IO.Hashing", p));
    }

    [Theory]
    [InlineData("VaeOnnx.Inference")]
    [InlineData("VaeOnnx.Serve")]
    [InlineData("VaeOnnx.Cli")]
    [InlineData("VaeOnnx.Evaluation")]
    public void OnnxSide_NeverReachesTorchSharp(string project)
    {
        var closure = Closure(project).Append(project).ToArray();
        Assert.DoesNotContain(closure, p => p is "VaeOnnx.Training" or "VaeOnnx.OnnxExport" or "VaeOnnx.Trainer");
        Assert.All(closure, p => Assert.NotEqual("true", Property(p, "UsesTorchSharp")));
    }

    [Fact]
    public void Libraries_ReferenceTheManagedOnnxRuntimeOnly()
    {
        var libraries = Projects.Keys.Where(p => Property(p, "OutputType") != "Exe").ToArray();
        Assert.Contains("VaeOnnx.Inference", libraries);
        Assert.All(libraries, p => Assert.NotEqual("true", Property(p, "UsesOnnxRuntime")));
        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", Packages("VaeOnnx.Inference"));
    }

    [Fact]
    public void NoProject_ReferencesAProgram()
    {
        var programs = Projects.Keys.Where(p => Property(p, "OutputType") == "Exe").ToHashSet();
        Assert.Contains("VaeOnnx.Benchmarks", programs);
        Assert.All(Projects.Keys, p => Assert.DoesNotContain(References(p), programs.Contains));
    }
}
