using System.Reflection;
using PublicApiGenerator;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Inference;

namespace VaeOnnx.Documentation.Tests;

/// <summary>
/// The public API of the embeddable libraries is pinned by a snapshot in PublicApi/. A change to it fails here and
/// writes <c>PublicApi/NAME.received.txt</c>; if the change is meant, review it and move that file over NAME.txt.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Libraries => [nameof(VaeModel), nameof(VaeSignature), nameof(AtomicFile)];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void PublicApi_OfEmbeddableLibrary_MatchesTheSnapshot(string type)
    {
        Assembly assembly = type switch
        {
            nameof(VaeModel) => typeof(VaeModel).Assembly,
            nameof(VaeSignature) => typeof(VaeSignature).Assembly,
            _ => typeof(AtomicFile).Assembly,
        };
        string name = assembly.GetName().Name!;
        string api = assembly.GeneratePublicApi(new ApiGeneratorOptions { ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Runtime.CompilerServices.InternalsVisibleToAttribute"] })
            .ReplaceLineEndings("\n");
        string snapshot = Path.Combine(RepositoryPaths.Root, "tests", "VaeOnnx.Documentation.Tests", "PublicApi", name + ".txt");
        string received = Path.ChangeExtension(snapshot, ".received.txt");

        string expected = File.Exists(snapshot) ? File.ReadAllText(snapshot).ReplaceLineEndings("\n") : "";
        if (expected != api)
        {
            File.WriteAllText(received, api);
            Assert.Fail($"the public API of {name} changed: compare {received} with {snapshot}; if the change is meant, move the first over the second");
        }
        File.Delete(received);
    }
}
