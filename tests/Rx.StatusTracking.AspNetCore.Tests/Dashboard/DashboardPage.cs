using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>Headless Chromium showing the dashboard at a given viewport, and what went wrong on the page; disposing closes the browser.</summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardPage(IPlaywright playwright, IBrowser browser, IPage page, List<string> problems)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Problems = problems;
    }

    public IPage Page { get; }

    /// <summary>Console errors, failed requests and error responses (see <see cref="Chromium.WatchProblems"/>).</summary>
    public List<string> Problems { get; }

    public static async Task<DashboardPage> OpenAsync(Uri address, int width = 1280, int height = 800)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var problems = Chromium.WatchProblems(page);
        await page.GotoAsync(address.ToString());
        return new DashboardPage(playwright, browser, page, problems);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
