using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rx.StatusTracking.AspNetCore.Tests.Support;

namespace Rx.StatusTracking.AspNetCore.Tests.Dashboard;

public sealed partial class DashboardTests : HubServerTests
{
    [Fact]
    public async Task The_page_and_its_assets_are_served_with_a_strict_content_security_policy()
    {
        using var page = await Server.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-status-prefix=\"/status\"", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"dashboard.js\"></script>", html, StringComparison.Ordinal);
        AssertStrict(page);

        // Every module the scripts import is served as JavaScript under the same policy (a missing one breaks the page).
        var scripts = new Queue<string>(["dashboard.js"]);
        var served = new HashSet<string>();
        while (scripts.TryDequeue(out var name))
        {
            if (!served.Add(name))
            {
                continue;
            }

            using var script = await Server.Client.GetAsync(new Uri($"/{name}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            AssertStrict(script);
            foreach (Match import in ImportPattern().Matches(await script.Content.ReadAsStringAsync()))
            {
                scripts.Enqueue(import.Groups[1].Value);
            }
        }

        Assert.Equal(["dashboard.js", "detail.js", "dom.js", "model.js", "steps.js", "timeline.js"], served.Order());
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css"), ("favicon.svg", "image/svg+xml") })
        {
            using var asset = await Server.Client.GetAsync(new Uri($"/{name}", UriKind.Relative));
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            AssertStrict(asset);
        }
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
        await Assertions.Expect(page.Locator("#operations button .op-title")).ToHaveTextAsync("turn-1 · Completed · 100%");
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task A_browser_shows_nested_steps_as_a_tree_a_step_waiting_for_input_apart_and_a_running_steps_progress()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var problems = Chromium.WatchProblems(page);

        var tracker = Hub.Create("run-1");
        tracker.Executing(1, "The planner agent is running.");
        tracker.Executing(2, "The writer workflow is running.");
        var download = tracker.ReserveStep(1);
        var writer = tracker.ReserveStep(2);
        var email = tracker.ReserveStep(1);
        tracker.ReportProgress(download, 0.5, "Downloading the report.");
        tracker.Executing(writer, "The writer executor is running.");
        tracker.AwaitingInput(email, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        await page.GotoAsync(Server.Address.ToString());

        var rows = page.Locator("#steps tr");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        Assert.Equal(["1:0", "3:1", "5:1", "2:0", "4:1"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => `${r.dataset.step}:${r.dataset.depth}`)"));
        var indents = await page.Locator("#steps td.description").EvaluateAllAsync<double[]>("cells => cells.map(c => parseFloat(getComputedStyle(c).paddingLeft))");
        Assert.True(indents[1] > indents[0] && indents[1] == indents[2] && indents[3] == indents[0], string.Join(", ", indents));

        var waiting = page.Locator("tr[data-step='5']");
        await Assertions.Expect(waiting.Locator(".state")).ToHaveTextAsync("waiting for input");
        await Assertions.Expect(waiting).ToHaveClassAsync("awaiting");
        var colours = await page.Locator("#steps .state").EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c).color)");
        Assert.Equal("rgb(123, 63, 196)", colours[2]);
        Assert.NotEqual(colours[0], colours[2]);
        Assert.NotEqual("none", await waiting.Locator(".state").EvaluateAsync<string>("c => getComputedStyle(c, '::before').content"));

        await Assertions.Expect(page.Locator("tr[data-step='3'] .step-progress-text")).ToHaveTextAsync("50%");
        Assert.Equal("50%", await page.Locator("tr[data-step='3'] .step-progress .bar").EvaluateAsync<string>("b => b.style.width"));
        await Assertions.Expect(page.Locator(".step-progress")).ToHaveCountAsync(1);

        // Planner: its children 0.5 and 0 give 0.25; with the writer (0), the download (0.5) and the rest: 0.75 of 5 steps.
        await Assertions.Expect(page.Locator("#progress-text")).ToHaveTextAsync("15%");
        await Assertions.Expect(page.Locator("#operations button .op-title")).ToHaveTextAsync("run-1 · Running · 15%");

        // Approved: the step runs again, no longer set apart.
        tracker.Executing(email, ChatStatusMessages.ExecutingTool("send_email"));
        await Assertions.Expect(waiting.Locator(".state")).ToHaveTextAsync("Executing");
        await Assertions.Expect(waiting).Not.ToHaveClassAsync("awaiting");
        Assert.Empty(problems);
    }

    private static void AssertStrict(HttpResponseMessage response)
    {
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'",
            response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [GeneratedRegex("""^import .* from "\./([a-z]+\.js)";$""", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();

    [ChromiumFact]
    public async Task A_stream_that_fell_behind_and_left_out_an_attempts_Executing_still_counts_the_attempt()
    {
        await using var dashboard = await DashboardPage.OpenAsync(Server.Address);

        // What a paced connection may send: each step's newest status and every ending, so the Executing of a retry
        // (step 1), or of a whole short attempt (step 2), can be left out. Going on after waiting for input (step 3)
        // is no new attempt, as the tracker counts.
        var attempts = await dashboard.Page.EvaluateAsync<int[]>("""
            async () => {
              const { newView, apply } = await import("./model.js");
              const view = newView("paced");
              const sent = [
                [1, "Executing"], [1, "Failed"], [1, "Completed"], [2, "Completed"],
                [3, "Executing"], [3, "AwaitingInput"], [3, "Executing"], [3, "Completed"], [4, "Pending"], [4, "Completed"],
              ];
              sent.forEach(([step, state], i) => apply(view, {
                step, state, description: state, sequence: i + 1, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
                isTerminal: state === "Completed" || state === "Failed",
              }));
              return [1, 2, 3, 4].map((step) => view.steps.get(step).attempts);
            }
            """);

        Assert.Equal([2, 1, 1, 0], attempts);
        Assert.Empty(dashboard.Problems);
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
