using Microsoft.Playwright;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>
/// Headless Chromium from the Debian package (<c>/usr/bin/chromium</c>, or <c>VAE_CHROMIUM</c>), driven by Playwright for .NET, and a server
/// with the tiny model. Playwright never downloads a browser here. When Chromium is not installed the browser tests
/// pass with a visible "SKIPPED" message, unless <c>VAE_REQUIRE_BROWSER=1</c> (CI sets it) makes that a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The browser: <c>VAE_CHROMIUM</c> when set, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("VAE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly ServeFixture _serve = new();
    private IPlaywright? _playwright;

    public static bool Available => File.Exists(ChromiumPath);

    public static bool Required => Environment.GetEnvironmentVariable("VAE_REQUIRE_BROWSER") == "1";

    public IBrowser Browser { get; private set; } = null!;

    public ServeFixture Serve => _serve;

    internal RunningServer Server => _serve.Server;

    public async Task InitializeAsync()
    {
        await _serve.InitializeAsync();
        if (!Available)
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The flags this machine's Chromium needs offline and as root; Playwright gives it a fresh profile.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _serve.DisposeAsync();
    }
}
