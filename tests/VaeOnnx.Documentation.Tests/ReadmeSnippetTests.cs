using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace VaeOnnx.Documentation.Tests;

/// <summary>The C# snippets the READMEs show compile against the library as it is.</summary>
public sealed partial class ReadmeSnippetTests
{
    public static TheoryData<string> Documents => ["README.md", "inference/README.md", "inference/VaeOnnx.Inference/README.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void CSharpSnippets_InDocument_CompileAgainstTheLibrary(string document)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, document));
        var snippets = CSharpBlock().Matches(text).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(snippets);

        foreach (string snippet in snippets)
        {
            var errors = Compile(snippet);
            Assert.True(errors.Count == 0, $"{document} snippet does not compile:\n{snippet}\n{string.Join("\n", errors)}");
        }
    }

    [Fact]
    public void Compile_BrokenSnippet_ReportsErrors() => Assert.NotEmpty(Compile("using VaeOnnx.Inference;\nVaeModel.Lode(\"models\");"));

    private static List<string> Compile(string snippet)
    {
        // Everything the test process can load: the framework plus the library and its dependencies.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Snippet",
            [CSharpSyntaxTree.ParseText(snippet, parse), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];
    }

    // What `dotnet new console` projects get (ImplicitUsings): the snippets are written for such an app.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
