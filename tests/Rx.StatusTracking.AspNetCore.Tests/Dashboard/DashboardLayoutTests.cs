using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>The page at 400 px, its states' colours (distinct, WCAG AA contrast) in light and dark mode.</summary>
public sealed class DashboardLayoutTests() : HubServerTests(new StatusEndpointOptions { IncludeErrorDetails = true })
{
    // Each text's contrast against the first opaque background behind it (WCAG 2 relative luminance).
    private const string Contrasts =
        """
        nodes => {
          const rgb = (text) => text.match(/[\d.]+/g).map(Number);
          const background = (node) => {
            for (let at = node; at; at = at.parentElement) {
              const [r, g, b, a] = rgb(getComputedStyle(at).backgroundColor);
              if (a === undefined || a > 0) return [r, g, b];
            }
            return rgb(getComputedStyle(document.documentElement).backgroundColor);
          };
          const luminance = (c) => {
            const [r, g, b] = c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          return nodes.map((node) => {
            const [x, y] = [luminance(rgb(getComputedStyle(node).color)), luminance(background(node))].sort((p, q) => q - p);
            return (x + 0.05) / (y + 0.05);
          });
        }
        """;

    [ChromiumFact]
    public async Task At_400_px_wide_nothing_overflows_sideways_even_with_a_stack_trace_open()
    {
        var tracker = Hub.Create("turn-with-a-rather-long-operation-identifier-0123456789abcdef");
        tracker.Executing(1, "The planner agent is running.");
        var tool = tracker.ReserveStep(1);
        tracker.Executing(tool, ChatStatusMessages.ExecutingTool("web_search"), new { url = "https://example.com/" + new string('a', 300) });
        tracker.Completed(tool, ChatStatusMessages.ToolCompleted("web_search"));
        tracker.Executing(3, ChatStatusMessages.ExecutingTool("search"));
        Operations.ThrowAndReport(tracker, 3, "search");
        tracker.AwaitingInput(4, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address, 400, 900);
        var (page, problems) = (dashboard.Page, dashboard.Problems);
        await Assertions.Expect(page.Locator("#steps tr")).ToHaveCountAsync(4);

        await page.Locator("#steps tr[data-step='3']").ClickAsync();
        await Assertions.Expect(page.Locator("#detail-stack")).ToContainTextAsync("Operations.ThrowAndReport");
        await Assertions.Expect(page.Locator("#detail-stack-note")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#detail-error-inner")).ToHaveTextAsync("  System.TimeoutException: inner");
        await Chromium.ScreenshotAsync(page, "dashboard-400px-error");
        await AssertNoOverflowAsync(page);

        await page.Locator("#steps tr[data-step='2']").ClickAsync();
        await Assertions.Expect(page.Locator("#detail-data")).ToContainTextAsync("https://example.com/aaa");
        await Chromium.ScreenshotAsync(page, "dashboard-400px-data");
        await AssertNoOverflowAsync(page);
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task Each_state_has_its_own_colour_with_AA_contrast_in_light_and_dark_mode()
    {
        var tracker = Hub.Create("turn-1");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("search"));
        Operations.ThrowAndReport(tracker, 2, "search");
        tracker.Executing(3, ChatStatusMessages.WaitingOpenAI);
        tracker.Pending(4, ChatStatusMessages.ToolQueued("weather_api"));
        tracker.AwaitingInput(5, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address, 1200, 800);
        var (page, problems) = (dashboard.Page, dashboard.Problems);
        var states = page.Locator("#steps .state");
        await Assertions.Expect(states).ToHaveTextAsync(["Completed", "Failed", "Executing", "Pending", "waiting for input"]);
        await page.Locator("#steps tr[data-step='2']").ClickAsync();
        await Assertions.Expect(page.Locator("#detail-stack")).ToBeVisibleAsync();

        var light = await CheckColoursAsync(page, "light");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        var dark = await CheckColoursAsync(page, "dark");

        Assert.NotEqual(light.Background, dark.Background);
        Assert.Equal("rgb(20, 24, 29)", dark.Background);
        Assert.NotEqual(light.States, dark.States);
        Assert.Empty(problems);
    }

    private static async Task<(string Background, string[] States)> CheckColoursAsync(IPage page, string scheme)
    {
        var states = await page.Locator("#steps .state").EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c).color)");
        Assert.Equal(5, states.Distinct().Count());
        var texts = page.Locator(
            "header, label, #steps td, #operations .op-title, #operations .op-times, .muted:not([hidden]), #failures li, " +
            ".tl-label, .axis span, .tl-tip span, #detail dt, #detail dd, #detail pre, #detail li, #detail-error-when");
        var ratios = await texts.EvaluateAllAsync<double[]>(Contrasts);
        Assert.True(ratios.Length > 60, $"{ratios.Length} texts");
        Assert.True(ratios.Min() >= 4.5, $"{scheme}: lowest contrast {ratios.Min():0.00}");
        await Chromium.ScreenshotAsync(page, $"dashboard-states-{scheme}");
        return (await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).backgroundColor"), states);
    }

    private static async Task AssertNoOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"scrollWidth {widths[0]} > clientWidth {widths[1]}");
    }
}
