using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>The elapsed time of a running step, as the page shows it, follows the server's clock and keeps going between events.</summary>
public sealed class DashboardClockTests : HubServerTests
{
    // The page redraws four times a second and learns the server's clock from the list (polled every second) within
    // half a loopback round trip: what it shows lags the server by up to a second (timers slow on a busy machine), and
    // never leads it by more than a little.
    private const double Lag = 1.25;
    private const double Lead = 0.25;

    [ChromiumFact]
    public async Task A_running_steps_elapsed_time_ticks_without_new_events_by_the_servers_clock_not_the_browsers()
    {
        var started = Hub.Create("turn-1").Executing(1, ChatStatusMessages.AnalyzingQuery).Timestamp;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var problems = Chromium.WatchProblems(page);

        // The browser's clock runs two hours behind the server's (its timers still run in real time).
        await page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = DateTime.UtcNow.AddHours(-2) });
        await page.GotoAsync(Server.Address.ToString());
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - await page.EvaluateAsync<double>("Date.now()"), 7_190_000, 7_210_000);

        var elapsed = page.Locator("tr[data-step='1'] td").Nth(4);
        await Assertions.Expect(elapsed).ToHaveTextAsync(new Regex(@"^\d+\.\d\d s$"));
        var first = await ReadAsync(elapsed, started);

        // No status is reported from here on: only the page's own ticking can change the figure.
        await Assertions.Expect(elapsed).Not.ToHaveTextAsync(first.Text);
        var second = await ReadAsync(elapsed, started);

        Assert.True(second.Shown > first.Shown, $"{second.Text} after {first.Text}");
        foreach (var reading in new[] { first, second })
        {
            Assert.InRange(reading.Shown, reading.ServerBefore - Lag, reading.ServerAfter + Lead);
        }

        Assert.Empty(problems);
    }

    // What the page shows, between the server-side elapsed time just before and just after reading it.
    private static async Task<(string Text, double Shown, double ServerBefore, double ServerAfter)> ReadAsync(ILocator elapsed, DateTimeOffset started)
    {
        var before = (DateTimeOffset.UtcNow - started).TotalSeconds;
        var text = await elapsed.TextContentAsync() ?? "";
        var after = (DateTimeOffset.UtcNow - started).TotalSeconds;
        return (text, double.Parse(text.TrimEnd(' ', 's'), CultureInfo.InvariantCulture), before, after);
    }
}
