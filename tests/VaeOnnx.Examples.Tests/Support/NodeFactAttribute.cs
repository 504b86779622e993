namespace VaeOnnx.Examples.Tests.Support;

/// <summary>
/// A fact that needs Node.js: reported as Skipped (with the reason, counted in the run's summary) when <c>node</c> or
/// <c>npm</c> is not on PATH, unless <c>VAE_REQUIRE_NODE=1</c>, which makes the test run and fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("VAE_REQUIRE_NODE") == "1";
        if (!required && (ChildProcess.Find("node") is null || ChildProcess.Find("npm") is null))
        {
            Skip = "node and npm are not on PATH (install Node.js 18 or later); examples/node was not checked";
        }
    }
}
