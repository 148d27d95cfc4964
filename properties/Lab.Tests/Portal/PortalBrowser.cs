using Microsoft.Playwright;

namespace Failback.Lab.Tests.Portal;

/// <summary>Debian's chromium driven by Playwright, headless (Playwright's own browser download is not used).</summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PortalBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<PortalBrowser> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        // A context of its own, so that a test can open a second tab signed in with the same cookie.
        var context = await browser.NewContextAsync();
        // Bounds a hang, not a speed (for every tab of the context): a loaded CI machine can take seconds per page.
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        return new PortalBrowser(playwright, browser, page);
    }

    /// <summary>The folder the test run saves the portal's screenshots to (README shows those of docs/screens/).</summary>
    public static string Screens => Path.Combine(AppContext.BaseDirectory, "screens");

    /// <summary>Saves the whole page as <c>screens/NAME.png</c>.</summary>
    public async Task ShotAsync(string name)
    {
        Directory.CreateDirectory(Screens);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Screens, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
