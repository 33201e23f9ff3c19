using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>The page between events (ticking, growing bars), driven by keyboard, and its operation list's filters and follow option.</summary>
public sealed partial class DashboardLiveTests : HubServerTests
{
    [ChromiumFact]
    public async Task A_running_steps_elapsed_time_and_bar_grow_between_two_reads_with_no_new_event()
    {
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        // Real time on purpose: what is tested is the browser's own clock moving the figures.
        await Task.Delay(300);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.WaitingOpenAI);
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address);
        var (page, problems) = (dashboard.Page, dashboard.Problems);
        var elapsed = page.Locator("tr[data-step='2'] td").Nth(4);
        await Assertions.Expect(elapsed).ToHaveTextAsync(Seconds());
        await Assertions.Expect(page.Locator(".tl-row[data-step='2'] .tl-seg.seg-live")).ToHaveCountAsync(1);

        var sequence = tracker.LastSequence;
        var (firstText, firstBar) = await ReadAsync(page, elapsed);
        await Task.Delay(1000);

        // A busy machine may hold the browser's timers back: the figures must grow by half a second of the browser's
        // clock, however long that takes here (bounded).
        await page.WaitForFunctionAsync(
            "([first]) => parseFloat(document.querySelectorAll(\"tr[data-step='2'] td\")[4].textContent) - first >= 0.5",
            new object[] { Parse(firstText) },
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        var (secondText, secondBar) = await ReadAsync(page, elapsed);

        Assert.Equal(sequence, tracker.LastSequence); // no status in between
        Assert.True(Parse(secondText) - Parse(firstText) >= 0.5, $"{firstText} then {secondText}");
        Assert.True(secondBar - firstBar >= 1, $"the running bar was {firstBar} px wide, then {secondBar} px");
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task Tab_reaches_an_operation_and_a_step_and_Enter_or_Space_opens_the_steps_details_with_its_data()
    {
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.WaitingOpenAI);
        tracker.Completed(1, ChatStatusMessages.ReceivedResponse, new { model = "gpt-4o-mini", usage = new { inputTokens = 812, outputTokens = 64 } });
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("weather_api"), new { tool = "weather_api", arguments = new { city = "Paris" } });
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address);
        var (page, problems) = (dashboard.Page, dashboard.Problems);
        await Assertions.Expect(page.Locator("tr[data-step='2'] .state")).ToHaveTextAsync("Executing");

        await TabUntilAsync(page, "#operations button");
        Assert.Equal("turn-1", await page.EvaluateAsync<string>("document.activeElement.dataset.operation"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#operations button")).ToHaveAttributeAsync("aria-current", "true");

        await TabUntilAsync(page, ".tl-row[data-step='1']");
        await Assertions.Expect(page.Locator(".tl-row[data-step='1'] .tl-tip")).ToBeVisibleAsync();
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#detail")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#detail-title")).ToHaveTextAsync("Step 1");
        await Assertions.Expect(page.Locator("#detail-state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#detail-data")).ToHaveTextAsync(
            "{\n  \"model\": \"gpt-4o-mini\",\n  \"usage\": {\n    \"inputTokens\": 812,\n    \"outputTokens\": 64\n  }\n}");

        // The page redraws every 250 ms and polls the list every second: the focused step keeps the focus.
        await Task.Delay(1500);
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.matches(\".tl-row[data-step='1']\")"));

        await TabUntilAsync(page, "#steps tr[data-step='2']");
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#detail-title")).ToHaveTextAsync("Step 2");
        await Assertions.Expect(page.Locator("#detail-data")).ToHaveTextAsync(
            "{\n  \"tool\": \"weather_api\",\n  \"arguments\": {\n    \"city\": \"Paris\"\n  }\n}");
        await Assertions.Expect(page.Locator("#steps tr[data-step='2']")).ToHaveAttributeAsync("aria-current", "true");

        // Escape closes the panel and leaves the focus on the step.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#detail")).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.matches(\"#steps tr[data-step='2']\")"));
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task A_failed_steps_details_show_its_error_and_say_the_server_sends_no_stack_trace_by_default()
    {
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.ExecutingTool("search"));
        Operations.ThrowAndReport(tracker, 1, "search");
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address);
        var (page, problems) = (dashboard.Page, dashboard.Problems);

        await page.Locator("#steps tr[data-step='1']").ClickAsync();

        await Assertions.Expect(page.Locator("#detail-error-type")).ToHaveTextAsync("System.InvalidOperationException");
        await Assertions.Expect(page.Locator("#detail-error-message")).ToHaveTextAsync("The tool broke.");
        await Assertions.Expect(page.Locator("#detail-error-inner")).ToHaveTextAsync("  System.TimeoutException: inner");
        await Assertions.Expect(page.Locator("#detail-stack")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#detail-stack-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#detail-no-data")).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task The_list_is_coloured_by_state_filters_running_and_failed_and_can_follow_the_newest_running_operation()
    {
        var done = Hub.Create("done");
        done.Executing(1, ChatStatusMessages.AnalyzingQuery);
        done.Completed(1, ChatStatusMessages.QueryPrepared);
        done.Complete();
        var broken = Hub.Create("broken");
        broken.Executing(1, ChatStatusMessages.ExecutingTool("search"));
        Operations.ThrowAndReport(broken, 1, "search");
        broken.Complete();
        Hub.Create("old-running").Executing(1, ChatStatusMessages.AnalyzingQuery);
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address);
        var (page, problems) = (dashboard.Page, dashboard.Problems);

        var operations = page.Locator("#operations button");
        await Assertions.Expect(operations).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#operation-title")).ToHaveTextAsync("old-running");
        var colours = await page.Locator("#operations .op-title").EvaluateAllAsync<string[]>("titles => titles.map(t => getComputedStyle(t).color)");
        Assert.Equal(3, colours.Distinct().Count());
        foreach (var times in await page.Locator("#operations .op-times").AllTextContentsAsync())
        {
            Assert.Matches(TimesPattern(), times);
        }

        await page.GetByLabel("failed", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(operations).ToHaveCountAsync(1);
        await Assertions.Expect(operations.Locator(".op-title")).ToHaveTextAsync("broken · Failed · 100%");
        await page.GetByLabel("running", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(operations.Locator(".op-title")).ToHaveTextAsync("old-running · Running · 0%");
        await page.GetByLabel("all", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(operations).ToHaveCountAsync(3);

        await page.GetByLabel("follow the newest running operation").CheckAsync();
        Hub.Create("new-running").Executing(1, ChatStatusMessages.WaitingOpenAI);
        await Assertions.Expect(page.Locator("#operation-title")).ToHaveTextAsync("new-running");
        await Assertions.Expect(page.Locator("tr[data-step='1'] .description")).ToHaveTextAsync(ChatStatusMessages.WaitingOpenAI);

        // Choosing one by hand stops following.
        await operations.Filter(new() { HasText = "done" }).ClickAsync();
        await Assertions.Expect(page.Locator("#operation-title")).ToHaveTextAsync("done");
        await Assertions.Expect(page.Locator("#follow")).Not.ToBeCheckedAsync();
        Assert.Empty(problems);
    }

    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) === true", selector))
            {
                return;
            }
        }

        Assert.Fail($"30 presses of Tab never reached {selector}.");
    }

    private static async Task<(string Elapsed, double BarWidth)> ReadAsync(IPage page, ILocator elapsed) =>
        (await elapsed.TextContentAsync() ?? "", await page.Locator(".tl-row[data-step='2'] .tl-bar").EvaluateAsync<double>("b => b.getBoundingClientRect().width"));

    private static double Parse(string text) => double.Parse(text.TrimEnd(' ', 's'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d+\.\d\d s$")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"^started \d+ s ago · (running for|took) \d+\.\d\d s$")]
    private static partial Regex TimesPattern();
}
