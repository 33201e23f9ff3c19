using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

public sealed class DashboardTests : HubServerTests
{
    [Fact]
    public async Task The_page_and_its_assets_are_served_with_a_strict_content_security_policy()
    {
        using var page = await Server.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var script = await Server.Client.GetAsync(new Uri("/dashboard.js", UriKind.Relative));
        using var style = await Server.Client.GetAsync(new Uri("/dashboard.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-status-prefix=\"/status\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
    }

    [ChromiumFact]
    public async Task A_browser_follows_a_running_operation_to_its_end()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var problems = Chromium.WatchProblems(page);

        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        await page.GotoAsync(Server.Address.ToString());
        await Assertions.Expect(page.Locator("tr[data-step='1'] .state")).ToHaveTextAsync("Executing");

        // The rest of the turn arrives live, while the page is open.
        foreach (var report in ChatTurnAfterAnalysis(tracker))
        {
            report();
            await Task.Delay(20);
        }

        tracker.Complete();

        await Assertions.Expect(page.Locator("#progress-text")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator("#operation-state")).ToHaveTextAsync("Completed");
        for (var step = 1; step <= 6; step++)
        {
            await Assertions.Expect(page.Locator($"tr[data-step='{step}'] .state")).ToHaveTextAsync("Completed");
        }

        await Assertions.Expect(page.Locator("tr[data-step='4'] td").Nth(3)).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#failures li")).ToHaveTextAsync(
            "Step 4: The weather_api tool failed: HTTP 503. (System.Net.Http.HttpRequestException: Service unavailable)");
        await Assertions.Expect(page.Locator("#summary")).ToHaveTextAsync(new Regex(@"^6 steps in \d+\.\d\d s: 6 completed, 0 failed, success rate 100%$"));
        await Assertions.Expect(page.Locator("#operations button")).ToHaveTextAsync("turn-1 · Completed · 100%");
        Assert.Empty(problems);
    }

    private static IEnumerable<Action> ChatTurnAfterAnalysis(ChatStatusTracker tracker)
    {
        yield return () => tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        yield return () => tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        yield return () => tracker.Completed(2, ChatStatusMessages.ReceivedResponse);
        yield return () => tracker.Executing(3, ChatStatusMessages.WebSearchStart);
        yield return () => tracker.Executing(4, ChatStatusMessages.ApiCallStart);
        yield return () => tracker.Executing(5, ChatStatusMessages.DbLookupStart);
        yield return () => tracker.Completed(3, ChatStatusMessages.WebSearchComplete);
        yield return () => tracker.Failed(4, ChatStatusMessages.ToolFailed("weather_api", "HTTP 503"), new HttpRequestException("Service unavailable"));
        yield return () => tracker.Completed(5, ChatStatusMessages.DbLookupComplete);
        yield return () => tracker.Executing(4, ChatStatusMessages.ExecutingTool("weather_api"));
        yield return () => tracker.Completed(4, ChatStatusMessages.ToolCompleted("weather_api"));
        yield return () => tracker.Executing(6, ChatStatusMessages.SendingToolResults);
        yield return () => tracker.Completed(6, ChatStatusMessages.ReceivedFinal);
    }
}
