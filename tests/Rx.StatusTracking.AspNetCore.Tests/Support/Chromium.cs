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

    /// <summary>
    /// Saves a full-page screenshot as <c>artifacts/screenshots/{name}.png</c> at the repository root (the directory
    /// holding <c>Rx.StatusTracking.sln</c>), which <c>.ci/run</c> keeps as a CI artifact; returns its path.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rx.StatusTracking.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} holds Rx.StatusTracking.sln.");
    }
}
