namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// A fact that needs Chromium: reported as Skipped (with the reason, counted in the run's summary) when the browser
/// is not installed, unless <c>VAE_REQUIRE_BROWSER=1</c>, which makes the test run and fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!BrowserFixture.Available && !BrowserFixture.Required)
        {
            Skip = $"{BrowserFixture.ChromiumPath} is not installed (apt-get install -y chromium); the explorer was not checked";
        }
    }
}
