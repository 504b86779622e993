using System.Text.RegularExpressions;

namespace VaeOnnx.Documentation.Tests;

/// <summary>Documents cite only what the repository holds.</summary>
public sealed partial class DocumentLinkTests
{
    private static readonly string[] Documents = [.. Directory.EnumerateFiles(RepositoryPaths.Root, "*.md", SearchOption.AllDirectories)
        .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules"))];

    [Fact]
    public void Links_InEveryMarkdownDocument_PointIntoTheRepository()
    {
        Assert.NotEmpty(Documents);
        var broken = new List<string>();
        foreach (string document in Documents)
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(document)))
            {
                string target = link.Groups[1].Value.Split('#')[0];
                if (target.Length == 0)
                {
                    continue;
                }
                string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, target));
                if (!full.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal) || !(File.Exists(full) || Directory.Exists(full)))
                {
                    broken.Add($"{Path.GetRelativePath(RepositoryPaths.Root, document)}: {link.Value}");
                }
            }
        }
        Assert.Empty(broken);
    }

    [Fact]
    public void Repository_NoFile_CitesTheWorkplacesSharedNotes()
    {
        var citing = Directory.EnumerateFiles(RepositoryPaths.Root, "*", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules" or "fixtures"))
            .Where(p => Path.GetExtension(p) is ".md" or ".cs" or ".targets" or ".props" or ".csproj" or ".js" or ".html" or "" or ".json")
            .Where(p => p != typeof(DocumentLinkTests).Assembly.Location && !p.EndsWith(nameof(DocumentLinkTests) + ".cs", StringComparison.Ordinal))
            .Where(p => OutsideNote().IsMatch(File.ReadAllText(p)))
            .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p));
        Assert.Empty(citing);
    }

    // [text](target) where target is not a URL or an anchor.
    [GeneratedRegex(@"\]\((?!https?:|mailto:|#)([^)\s]+)\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"PLATFORM\.md|REFERENCE\.md|\.\./shared/")]
    private static partial Regex OutsideNote();
}
