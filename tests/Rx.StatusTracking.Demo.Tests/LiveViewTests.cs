using System.Reactive.Concurrency;
using Rx.StatusTracking.Console;
using Rx.StatusTracking.Demo.Agents;
using Rx.StatusTracking.Demo.Simulation;
using Spectre.Console;

namespace Rx.StatusTracking.Demo.Tests;

/// <summary>The demo's terminal view: the shipped <see cref="StatusLiveView"/> over the demo's chat turn and agent run.</summary>
public class LiveViewTests
{
    private static string RenderText(Spectre.Console.Rendering.IRenderable renderable)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 120;
        console.Write(renderable);
        return text.ToString();
    }

    [Fact]
    public void Mid_turn_the_view_shows_the_progress_and_each_steps_state()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = scheduler });
        new ChatTurnSimulation(tracker, jitter: 0).Start();
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(2_100).Ticks);

        var text = RenderText(DemoApp.LiveView(AnsiConsole.Console).Render(tracker));

        Assert.Contains("50%  2 completed, 1 failed, 2 running, 0 pending  2.05 s", text, StringComparison.Ordinal);
        Assert.Matches(@"│ 4\s+│ Failed\s+│ The weather_api tool failed: HTTP 503 Service Unavailable\.\s+│\s+1 │\s+0\.40 s │", text);
        Assert.Matches(@"│ 3\s+│ Executing\s+│ Searching the web\.\s+│\s+1 │\s+… │", text);
        Assert.Contains("✗ step 4: The weather_api tool failed: HTTP 503 Service Unavailable.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void At_the_end_every_step_is_completed_at_100_percent()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new() { Scheduler = scheduler });
        new ChatTurnSimulation(tracker, jitter: 0).Start();
        scheduler.Start();

        var text = RenderText(DemoApp.LiveView(AnsiConsole.Console).Render(tracker));

        Assert.Contains("100%  6 completed, 0 failed, 0 running, 0 pending", text, StringComparison.Ordinal);
        Assert.Equal(6, text.Split('\n').Count(l => l.Contains("│ Completed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task While_the_agent_run_waits_for_approval_the_view_counts_its_steps_out_of_the_whole_run()
    {
        var clock = new HistoricalScheduler(DateTimeOffset.UnixEpoch);
        using var run = new ChatStatusTracker(options: new() { Scheduler = clock });
        await new AgentScenario(run, ScenarioClock.Virtual(clock), jitter: 0).RunAsync(CancellationToken.None);
        // The run as it stood while the editor had not yet approved: up to the request for input.
        using var waiting = new ChatStatusTracker(options: new() { Scheduler = clock });
        foreach (var status in run.History.TakeWhile(s => s.State != StatusState.AwaitingInput).Append(run.History.First(s => s.State == StatusState.AwaitingInput)))
        {
            waiting.Import(status);
        }

        var text = RenderText(DemoApp.LiveView(AnsiConsole.Console, AgentScenario.StepCount).Render(waiting));

        // 8 steps done (the agent runs, their model calls and tool calls), the workflow half done (2 of its 4 children),
        // 2 more done, out of 15: 10.5 / 15.
        Assert.Contains("70%", text, StringComparison.Ordinal);
        Assert.Contains("Waiting for input on approval.", text, StringComparison.Ordinal);
        Assert.Contains("The approval executor is running.", text, StringComparison.Ordinal);
    }
}
