using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Serve.Tests.Support;
using Xunit.Abstractions;

namespace VaeOnnx.Serve.Tests;

/// <summary>The explorer page end to end in headless Chromium against a real loopback server.</summary>
public sealed class ExplorerBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>A page on the explorer, collecting console errors/warnings, uncaught exceptions and failed requests.</summary>
    private Task<(IPage Page, List<string> Problems)> OpenAsync() => OpenAsync(fixture.Server);

    private async Task<(IPage Page, List<string> Problems)> OpenAsync(RunningServer server)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status} for {response.Url}");
            }
        };
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("#map[data-ready='true']");
        return (page, problems);
    }

    /// <summary>Only reached without the browser when VAE_REQUIRE_BROWSER=1 (else the test is skipped): fail clearly.</summary>
    private static void RequireBrowser() =>
        Assert.True(BrowserFixture.Available, $"{BrowserFixture.ChromiumPath} is missing and VAE_REQUIRE_BROWSER=1");

    private static async Task<float[]> ProbeCodeAsync(IPage page)
    {
        string json = await page.GetAttributeAsync("#probe-image", "data-z") ?? "[]";
        return JsonSerializer.Deserialize<double[]>(json)!.Select(v => (float)v).ToArray();
    }

    private static async Task<byte[]> CanvasGreyAsync(IPage page, string selector)
    {
        var values = await page.EvalOnSelectorAsync<int[]>(selector,
            "c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0))");
        return values.Select(v => (byte)v).ToArray();
    }

    [BrowserFact]
    public async Task Explorer_ClickOnThePlane_ShowsTheDecodedDigitForThatPointWithoutConsoleErrors()
    {
        RequireBrowser();
        var (page, problems) = await OpenAsync();
        Assert.Contains("latent dim 2", await page.InnerTextAsync("#model-info"), StringComparison.Ordinal);
        Assert.Equal(10, await page.Locator("#legend button").CountAsync());

        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (box.Width * 0.3f), box.Y + (box.Height * 0.35f));
        await page.WaitForFunctionAsync("() => document.getElementById('probe-mode').textContent.startsWith('Pinned')");
        await page.WaitForSelectorAsync("#probe-image[data-state='decoded']");

        // The digit on screen is the server's decoding of the clicked point (upper left quadrant of the plane).
        float[] z = await ProbeCodeAsync(page);
        Assert.Equal(2, z.Length);
        Assert.True(z[0] < 0 && z[1] > 0, $"clicked upper left, got z = ({z[0]}, {z[1]})");
        AssertCanvasShows(await CanvasGreyAsync(page, "#probe-image"), fixture.Serve.Reference.Decode(z));
        output.WriteLine($"clicked z = ({z[0].ToString("0.000", CultureInfo.InvariantCulture)}, {z[1].ToString("0.000", CultureInfo.InvariantCulture)}); " +
            $"probe readout: {await page.InnerTextAsync("#probe-z")}, {await page.InnerTextAsync("#probe-nearest")}");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Explorer_DrawADigit_EncodesItShowsTheReconstructionItsMuAndTheClassifiersPrediction()
    {
        RequireBrowser();
        var (page, problems) = await OpenAsync();
        await DrawAsync(page);
        await page.WaitForSelectorAsync("#pad-recon[data-state='decoded']");

        byte[] input = await CanvasGreyAsync(page, "#pad-input");
        Assert.Contains(input, v => v > 200); // the stroke reached the 28×28 encoder input
        Assert.True(input.Take(28).All(v => v == 0) && input.Skip(27 * 28).All(v => v == 0), "the digit touches the border: not centred");
        string mu = await page.InnerTextAsync("#pad-mu");
        Assert.Matches(@"^\(−?\d+\.\d\d, −?\d+\.\d\d\)$", mu);
        Assert.True(await page.IsEnabledAsync("#pad-probe"));

        // The reconstruction is the decoding of the μ the server returned for the very PNG the page sent.
        var expectedMu = fixture.Serve.Reference.Encode(input).MuOf(0).ToArray();
        Assert.Equal(mu, MuText(expectedMu));
        AssertCanvasShows(await CanvasGreyAsync(page, "#pad-recon"), fixture.Serve.Reference.Decode(expectedMu));

        // The model has a classifier: its prediction for that μ is shown beside it, as the library computes it.
        Assert.True(await page.IsVisibleAsync("#pad-class"));
        await page.WaitForSelectorAsync("#pad-class[data-predicted]");
        float[] probabilities = fixture.Serve.ReferenceClassifier.Probabilities(expectedMu);
        int digit = Array.IndexOf(probabilities, probabilities.Max());
        string expectedText = $"looks like a {digit} ({Math.Round(100.0 * probabilities[digit], MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} %)";
        Assert.Equal(expectedText, await page.InnerTextAsync("#pad-class"));
        output.WriteLine($"drawn digit: {expectedText}");
        await page.ClickAsync("#pad-clear");
        Assert.Equal("–", await page.InnerTextAsync("#pad-mu"));
        Assert.Equal("–", await page.InnerTextAsync("#pad-class"));
        Assert.Empty(problems);
    }

    private static string Format(float v) => (v < 0 ? "−" : "") + Math.Abs(v).ToString("0.00", CultureInfo.InvariantCulture);

    [BrowserFact]
    public async Task Explorer_Keyboard_TabFocusesTheMapVisiblyAndArrowKeysMoveTheProbe()
    {
        RequireBrowser();
        var (page, problems) = await OpenAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("map", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));

        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Shift+ArrowUp");
        await page.WaitForFunctionAsync("() => document.getElementById('probe-mode').textContent.startsWith('Moved with the keyboard')");
        await page.WaitForFunctionAsync("() => { const z = JSON.parse(document.getElementById('probe-image').dataset.z || '[0,0]'); return z[0] > 0 && z[1] > 0; }");
        float[] z = await ProbeCodeAsync(page);
        Assert.True(z[1] > z[0], $"Shift+Up moves further than two Rights: ({z[0]}, {z[1]})");

        // A and B at two probe positions → the interpolation slider becomes usable from the keyboard too.
        await page.Keyboard.PressAsync("a");
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("b");
        await page.WaitForSelectorAsync("#interp-slider:not([disabled])");
        await page.FocusAsync("#interp-slider");
        await page.Keyboard.PressAsync("End");
        await page.WaitForFunctionAsync("() => document.getElementById('interp-t').textContent === '1.00'");
        Assert.Equal(11, await page.Locator("#interp-strip canvas").CountAsync());
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Explorer_ShiftClicksAndSampleButton_InterpolateAndShowSamplesThatMoveTheProbe()
    {
        RequireBrowser();
        var (page, problems) = await OpenAsync();
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Keyboard.DownAsync("Shift");
        await page.Mouse.ClickAsync(box.X + (box.Width * 0.2f), box.Y + (box.Height * 0.8f));
        await page.Mouse.ClickAsync(box.X + (box.Width * 0.8f), box.Y + (box.Height * 0.2f));
        await page.Keyboard.UpAsync("Shift");
        await page.WaitForSelectorAsync("#interp-slider:not([disabled])");
        await page.Locator("#interp-slider").FillAsync("5");
        await page.WaitForFunctionAsync("() => document.getElementById('interp-t').textContent === '0.50'");
        Assert.Equal(11, await page.Locator("#interp-strip canvas").CountAsync());
        // The middle frame: halfway between the two clicked codes (lower left and upper right), decoded by the library.
        string middle = await page.GetAttributeAsync("#interp-image", "data-z") ?? "[]";
        float[] halfway = [.. JsonSerializer.Deserialize<double[]>(middle)!.Select(v => (float)v)];
        Assert.True(Math.Abs(halfway[0]) < 0.5 && Math.Abs(halfway[1]) < 0.5, $"halfway = ({halfway[0]}, {halfway[1]})");
        AssertCanvasShows(await CanvasGreyAsync(page, "#interp-image"), fixture.Serve.Reference.Decode(halfway));

        await page.ClickAsync("#sample");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#samples button').length === 8");
        await page.Locator("#samples button").Nth(2).ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('probe-mode').textContent.startsWith('Sample 3')");
        string seedText = await page.InnerTextAsync("#sample-seed");
        Assert.StartsWith("seed ", seedText, StringComparison.Ordinal);
        // The probe moved to the third sample's code (the mode line changes once it is decoded): the library's draw for
        // that seed, decoded by the library.
        int seed = int.Parse(seedText["seed ".Length..], CultureInfo.InvariantCulture);
        float[] third = await ProbeCodeAsync(page);
        Assert.Equal(fixture.Serve.Reference.SampleLatents(8, seed).AsSpan(4, 2).ToArray(), third);
        AssertCanvasShows(await CanvasGreyAsync(page, "#probe-image"), fixture.Serve.Reference.Decode(third));
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Explorer_LatentDimThree_MapsThePlaneOfThePrincipalComponentsAndDecodesClicksOnIt()
    {
        RequireBrowser();
        string models = fixture.Serve.NewFolder("latent3");
        TinyVae.Create(latent: 3, hidden: 16, seed: 3).WriteModel(models);
        using var reference = VaeModel.Load(models, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        await using var server = await RunningServer.StartAsync(fixture.Serve.Options with { ModelDirectory = models });
        var (page, problems) = await OpenAsync(server);
        string note = await page.InnerTextAsync("#dims-note");
        Assert.Contains("3 dimensions", note, StringComparison.Ordinal);
        Assert.Contains("first two principal components of the test-set μ", note, StringComparison.Ordinal);
        Assert.Contains("mean + a·PC1 + b·PC2", note, StringComparison.Ordinal);
        Assert.Equal("pca", await page.GetAttributeAsync("#map", "data-axes"));
        // This folder has no classifier.onnx: the page shows no prediction.
        Assert.False(await page.IsVisibleAsync("#pad-class"));

        // The axes the page uses are the principal components of the test set's μ (checked here without the server's code).
        var axes = (await RunningServer.JsonAsync(await server.Client.GetAsync("/v1/latents"))).GetProperty("axes");
        float[] mean = [.. axes.GetProperty("mean").EnumerateArray().Select(v => v.GetSingle())];
        float[][] pcs = [.. axes.GetProperty("components").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        PrincipalAxes.AssertArePrincipal(reference.Encode(fixture.Serve.DatasetPixels).Mu, 3, mean, pcs[0], pcs[1]);

        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (box.Width * 0.7f), box.Y + (box.Height * 0.6f));
        await page.WaitForFunctionAsync("() => document.getElementById('probe-mode').textContent.startsWith('Pinned')");
        await page.WaitForFunctionAsync("() => JSON.parse(document.getElementById('probe-image').dataset.z || '[]').length === 3");
        float[] z = await ProbeCodeAsync(page);
        // z = mean + a·PC1 + b·PC2 for the clicked (a, b): right of and below the plane's origin.
        double a = Enumerable.Range(0, 3).Sum(k => (z[k] - mean[k]) * pcs[0][k]);
        double b = Enumerable.Range(0, 3).Sum(k => (z[k] - mean[k]) * pcs[1][k]);
        Assert.True(a > 0 && b < 0, $"clicked right of and below the origin, got (a, b) = ({a}, {b})");
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(mean[k] + (a * pcs[0][k]) + (b * pcs[1][k]), z[k], 4);
        }
        AssertCanvasShows(await CanvasGreyAsync(page, "#probe-image"), reference.Decode(z));
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Explorer_ConditionalModel_DigitSelectorRedecodesTheProbeAndTheDrawingUnderTheChosenLabel()
    {
        RequireBrowser();
        string models = fixture.Serve.NewFolder("conditional");
        TinyVae.Create(latent: 2, hidden: 16, seed: 4, classes: 10).WriteModel(models);
        using var reference = VaeModel.Load(models, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        await using var server = await RunningServer.StartAsync(fixture.Serve.Options with { ModelDirectory = models });
        var (page, problems) = await OpenAsync(server);
        Assert.True(await page.IsVisibleAsync("#digit"));
        Assert.Equal(10, await page.Locator("#digit option").CountAsync());
        Assert.Contains("conditioned on 10 classes", await page.InnerTextAsync("#model-info"), StringComparison.Ordinal);

        await page.SelectOptionAsync("#digit", "3");
        var box = (await page.Locator("#map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (box.Width * 0.3f), box.Y + (box.Height * 0.35f));
        await page.WaitForFunctionAsync("() => document.getElementById('probe-mode').textContent.startsWith('Pinned')");
        await page.WaitForSelectorAsync("#probe-image[data-digit='3']");
        float[] z = await ProbeCodeAsync(page);
        byte[] asThree = await CanvasGreyAsync(page, "#probe-image");
        AssertCanvasShows(asThree, reference.Decode(z, [3]));

        // Another digit: the same code, decoded again under the new label.
        await page.SelectOptionAsync("#digit", "8");
        await page.WaitForSelectorAsync("#probe-image[data-digit='8']");
        Assert.Equal(z, await ProbeCodeAsync(page));
        byte[] asEight = await CanvasGreyAsync(page, "#probe-image");
        AssertCanvasShows(asEight, reference.Decode(z, [8]));
        Assert.NotEqual(asThree, asEight);

        // The drawing is encoded and reconstructed under the selected label, and again when it changes.
        await DrawAsync(page);
        await page.WaitForSelectorAsync("#pad-recon[data-digit='8']");
        byte[] input = await CanvasGreyAsync(page, "#pad-input");
        Assert.Equal(MuText(reference.Encode(input, [8]).MuOf(0).ToArray()), await page.InnerTextAsync("#pad-mu"));
        await page.SelectOptionAsync("#digit", "2");
        await page.WaitForSelectorAsync("#pad-recon[data-digit='2']");
        Assert.Equal(MuText(reference.Encode(input, [2]).MuOf(0).ToArray()), await page.InnerTextAsync("#pad-mu"));
        var mu2 = reference.Encode(input, [2]).MuOf(0).ToArray();
        AssertCanvasShows(await CanvasGreyAsync(page, "#pad-recon"), reference.Decode(mu2, [2]));
        Assert.Empty(problems);
    }

    /// <summary>The canvas shows the library's pixels, rounded to bytes (±1 for the browser's colour handling).</summary>
    private static void AssertCanvasShows(byte[] shown, float[] expected)
    {
        Assert.Equal(expected.Length, shown.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double value = Math.Floor((expected[i] * 255.0) + 0.5);
            Assert.InRange(shown[i], value - 1, value + 1);
        }
    }

    private static string MuText(float[] mu) => string.Create(CultureInfo.InvariantCulture, $"({Format(mu[0])}, {Format(mu[1])})");

    /// <summary>Draws a 7-like stroke on the pad.</summary>
    private static async Task DrawAsync(IPage page)
    {
        var pad = (await page.Locator("#pad").BoundingBoxAsync())!;
        (float X, float Y) At(float fx, float fy) => (pad.X + (pad.Width * fx), pad.Y + (pad.Height * fy));
        var (x0, y0) = At(0.3f, 0.2f);
        await page.Mouse.MoveAsync(x0, y0);
        await page.Mouse.DownAsync();
        foreach (var (fx, fy) in new[] { (0.7f, 0.2f), (0.45f, 0.85f) })
        {
            var (x, y) = At(fx, fy);
            await page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 10 });
        }
        await page.Mouse.UpAsync();
    }
}
