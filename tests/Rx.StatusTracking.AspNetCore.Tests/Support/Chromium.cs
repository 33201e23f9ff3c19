using Microsoft.Playwright;

namespace Rx.StatusTracking.AspNetCore.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (never <c>playwright install</c>: it downloads).</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumFactAttribute.ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>
    /// Collects what went wrong on a page: console errors, responses of 400 or more, requests that failed (except those
    /// the page aborted itself, as closing an <c>EventSource</c> does).
    /// </summary>
    public static List<string> WatchProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            if (request.Failure != "net::ERR_ABORTED")
            {
                problems.Add($"failed {request.Url}: {request.Failure}");
            }
        };
        return problems;
    }
}
