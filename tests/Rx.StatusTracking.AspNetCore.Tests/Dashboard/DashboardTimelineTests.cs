using System.Reactive.Concurrency;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

/// <summary>
/// The timeline of an operation scripted on a clock the test moves (the hub's scheduler stamps every status), so each
/// step's start and duration are known exactly and the bars' geometry can be checked in pixels.
/// </summary>
public sealed class DashboardTimelineTests : HubServerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    // Step, start and duration in seconds, as scripted below; the axis runs from 0 to 9 s.
    private static readonly (int Step, double From, double Duration)[] Bars = [(1, 0, 2), (2, 2, 4), (3, 4, 1), (4, 6, 3)];
    private const double Axis = 9;

    private readonly HistoricalScheduler _clock;

    public DashboardTimelineTests()
        : this(new HistoricalScheduler(Start))
    {
    }

    private DashboardTimelineTests(HistoricalScheduler clock)
        : base(hubOptions: new StatusHubOptions { Scheduler = clock }) => _clock = clock;

    [ChromiumFact]
    public async Task Each_steps_bar_spans_its_time_on_one_axis_with_its_attempts_as_segments_and_children_indented()
    {
        ScriptOperation();
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address, 1200, 900);
        var (page, problems) = (dashboard.Page, dashboard.Problems);
        await Assertions.Expect(page.Locator("#operation-state")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#timeline .tl-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#axis-end")).ToHaveTextAsync("9.00 s");

        var rows = (await page.Locator("#timeline .tl-row").EvaluateAllAsync<double[][]>(
            """
            rows => rows.map(row => {
              const track = row.querySelector(".tl-track").getBoundingClientRect();
              const bar = row.querySelector(".tl-bar").getBoundingClientRect();
              return [Number(row.dataset.step), track.x, track.width, bar.x, bar.width];
            })
            """)).Select(r => new Geometry((int)r[0], r[1], r[2], r[3], r[4])).ToArray();
        Assert.Equal([1, 2, 3, 4], rows.Select(r => r.Step));
        // One axis: every track starts at the same x and has the same width.
        Assert.All(rows, r => Assert.Equal((rows[0].TrackX, rows[0].TrackWidth), (r.TrackX, r.TrackWidth)));
        Assert.True(rows[0].TrackWidth > 300, $"track {rows[0].TrackWidth} px");
        foreach (var (row, (step, from, duration)) in rows.Zip(Bars))
        {
            var perSecond = row.TrackWidth / Axis;
            Assert.True(Math.Abs(row.BarWidth - (duration * perSecond)) <= 1, $"step {step}: width {row.BarWidth}, expected {duration * perSecond}");
            Assert.True(Math.Abs(row.BarX - row.TrackX - (from * perSecond)) <= 1, $"step {step}: offset {row.BarX - row.TrackX}, expected {from * perSecond}");
        }

        // Step 2 ran twice: a failed attempt of 1 s, a second of 2 s after a 1 s wait, in a 4 s bar.
        var segments = page.Locator(".tl-row[data-step='2'] .tl-seg");
        await Assertions.Expect(segments).ToHaveCountAsync(2);
        await Assertions.Expect(segments.Nth(0)).ToHaveClassAsync("tl-seg seg-Executing seg-failed");
        await Assertions.Expect(segments.Nth(1)).ToHaveClassAsync("tl-seg seg-Executing");
        var bar = rows[1];
        var parts = await segments.EvaluateAllAsync<double[][]>("segs => segs.map(s => { const r = s.getBoundingClientRect(); return [r.x, r.width]; })");
        Assert.True(Math.Abs(parts[0][0] - bar.BarX) <= 1 && Math.Abs(parts[0][1] - (bar.BarWidth / 4)) <= 1, string.Join(", ", parts[0]));
        Assert.True(Math.Abs(parts[1][0] - bar.BarX - (bar.BarWidth / 2)) <= 1 && Math.Abs(parts[1][1] - (bar.BarWidth / 2)) <= 1, string.Join(", ", parts[1]));

        // The child step (3, in 2) is indented under its parent.
        var indents = await page.Locator("#timeline .tl-label").EvaluateAllAsync<double[]>("labels => labels.map(l => parseFloat(getComputedStyle(l).paddingLeft))");
        Assert.Equal(new[] { 0d, 0d, 20d, 0d }, indents);
        Assert.Equal(["1", "2", "3", "4"], await page.Locator("#timeline .tl-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.step)"));

        // Hover shows a step's description, duration and error; so does keyboard focus.
        var tip2 = page.Locator(".tl-row[data-step='2'] .tl-tip");
        await Assertions.Expect(tip2).ToBeHiddenAsync();
        await page.Locator(".tl-row[data-step='2']").HoverAsync();
        await Assertions.Expect(tip2).ToBeVisibleAsync();
        await Assertions.Expect(tip2.Locator(".tip-title")).ToHaveTextAsync("Step 2: The weather_api tool finished.");
        await Assertions.Expect(tip2.Locator(".tip-time")).ToHaveTextAsync("Completed · 4.00 s, 2 attempts · from +2.00 s");
        await Assertions.Expect(tip2.Locator(".tip-error")).ToHaveTextAsync("System.Net.Http.HttpRequestException: Service unavailable");
        await Chromium.ScreenshotAsync(page, "timeline-hover");

        await page.Mouse.MoveAsync(0, 0);
        await Assertions.Expect(tip2).ToBeHiddenAsync();
        await page.Locator(".tl-row[data-step='4']").FocusAsync();
        var tip4 = page.Locator(".tl-row[data-step='4'] .tl-tip");
        await Assertions.Expect(tip4).ToBeVisibleAsync();
        await Assertions.Expect(tip4.Locator(".tip-time")).ToHaveTextAsync("Completed · 3.00 s · from +6.00 s");
        await Assertions.Expect(tip4.Locator(".tip-error")).ToBeHiddenAsync();
        Assert.Empty(problems);
    }

    // 0-2 s step 1; 2-3 s step 2 fails, 4-6 s it runs again, with its child step 3 from 4 to 5 s; 6-9 s step 4.
    private void ScriptOperation()
    {
        var tracker = Hub.Create("scripted");
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        At(2);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("weather_api"));
        At(3);
        tracker.Failed(2, ChatStatusMessages.ToolFailed("weather_api", "HTTP 503"), new HttpRequestException("Service unavailable"));
        At(4);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("weather_api"));
        var child = tracker.ReserveStep(2);
        Assert.Equal(3, child);
        tracker.Executing(child, "Parsing the forecast.");
        At(5);
        tracker.Completed(child, "The forecast is parsed.");
        At(6);
        tracker.Completed(2, ChatStatusMessages.ToolCompleted("weather_api"));
        tracker.Executing(4, ChatStatusMessages.SendingToolResults);
        At(9);
        tracker.Completed(4, ChatStatusMessages.ReceivedFinal);
        tracker.Complete();
    }

    private void At(double seconds) => _clock.AdvanceTo(Start.AddSeconds(seconds));

    private sealed record Geometry(int Step, double TrackX, double TrackWidth, double BarX, double BarWidth);
}
