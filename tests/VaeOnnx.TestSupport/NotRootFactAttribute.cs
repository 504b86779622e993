using Xunit;

namespace VaeOnnx.TestSupport;

/// <summary>
/// A test that needs file permissions to bite: root ignores them (CI and these machines often run as root), so the
/// test is skipped there, with the reason, rather than passing for the wrong reason.
/// </summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute()
    {
        if (Environment.UserName == "root")
        {
            Skip = "runs as root, which file permissions do not stop";
        }
    }
}
