using Rx.StatusTracking.Console;
using Rx.StatusTracking.Console.Tests.Support;
using Spectre.Console;

namespace Rx.StatusTracking.Console.Tests.LiveView;

public class StatusLiveViewTests
{
    // Read while the view draws: TestConsole's StringBuilder may be caught mid-append (it then throws), so read again.
    private static bool Shows(TestConsole console, string text)
    {
        try
        {
            return console.Output.Contains(text, StringComparison.Ordinal);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [Fact]
    public void The_view_shows_progress_each_steps_state_attempts_and_time_and_the_failures()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.MidTurn(scheduler);

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { ExpectedSteps = 4 });

        Assert.Equal(
            """
            ████████████████████████████████████████████████████████████
            25%  1 completed, 0 failed, 1 running, 1 pending  1.25 s
            ╭──────┬───────────┬──────────────────────────────────────────┬──────────┬─────────╮
            │ Step │ State     │ Description                              │ Attempts │ Elapsed │
            ├──────┼───────────┼──────────────────────────────────────────┼──────────┼─────────┤
            │ 1    │ Completed │ Your question is ready for the model.    │        1 │  0.50 s │
            │ 2    │ Executing │ Running the web_search tool.             │        2 │       … │
            │ 3    │ Pending   │ Waiting for the OpenAI model to respond. │        0 │       … │
            ╰──────┴───────────┴──────────────────────────────────────────┴──────────┴─────────╯
            ✗ step 2: The web_search tool failed: timed out.

            """,
            text);
    }

    [Fact]
    public void Options_choose_the_columns_and_leave_out_the_progress_and_the_failures()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.MidTurn(scheduler);

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions
        {
            Columns = StatusLiveViewColumns.Step | StatusLiveViewColumns.State | StatusLiveViewColumns.Elapsed,
            ShowProgress = false,
            ShowFailures = false,
        });

        Assert.Equal(
            """
            ╭──────┬───────────┬─────────╮
            │ Step │ State     │ Elapsed │
            ├──────┼───────────┼─────────┤
            │ 1    │ Completed │  0.50 s │
            │ 2    │ Executing │       … │
            │ 3    │ Pending   │       … │
            ╰──────┴───────────┴─────────╯

            """,
            text);
    }

    [Fact]
    public void Without_expected_steps_the_percentage_counts_the_steps_seen_and_with_no_columns_there_is_no_table()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.MidTurn(scheduler);

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.None, BarWidth = 10 });

        Assert.Equal(
            """
            ██████████
            33%  1 completed, 0 failed, 1 running, 1 pending  1.25 s
            ✗ step 2: The web_search tool failed: timed out.

            """,
            text);
    }

    [Fact]
    public void States_are_drawn_in_the_colours_of_the_options()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.MidTurn(scheduler);
        var console = new TestConsole().Width(100).Colors(ColorSystem.TrueColor).EmitAnsiSequences();

        console.Write(new StatusLiveView(console, new StatusLiveViewOptions { ExecutingColor = new Color(1, 2, 3), FailedColor = new Color(4, 5, 6) }).Render(tracker));

        Assert.Contains("\u001b[38;2;1;2;3mExecuting\u001b[0m", console.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[38;2;4;5;6m✗ step 2: The web_search tool failed: timed out.\u001b[0m", console.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[38;5;2mCompleted\u001b[0m", console.Output, StringComparison.Ordinal); // the default, standard green
    }

    [Fact]
    public void Descriptions_are_shown_as_text_never_read_as_markup()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        tracker.Failed(1, "The [bold]tool[/] failed: [red", null);

        var text = Drawn.Plain(tracker);

        Assert.Contains("│ The [bold]tool[/] failed: [red │", text, StringComparison.Ordinal);
        Assert.Contains("✗ step 1: The [bold]tool[/] failed: [red", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_shows_the_tracker_until_it_completes_then_its_summary()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var console = new TestConsole().Width(100);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        var running = new StatusLiveView(console).RunAsync(tracker);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(20));

        var text = console.Output.Replace("\r", "", StringComparison.Ordinal);
        Assert.Contains("0%  0 completed, 0 failed, 1 running, 0 pending  0.00 s", text, StringComparison.Ordinal); // the first drawing
        var final = text[text.LastIndexOf("100%  ", StringComparison.Ordinal)..];
        Assert.StartsWith("100%  1 completed, 0 failed, 0 running, 0 pending  1.00 s ", final, StringComparison.Ordinal);
        Assert.Contains("│ 1    │ Completed │ Your question is ready for the model. │        1 │  1.00 s │", final, StringComparison.Ordinal);
        Assert.Matches(@"┌─Summary─+┐\n│ 1 step in 1\.00 s: 1 completed, 0 failed, 0 executing, 0 pending \(success rate 100%\)\s+│", final);
    }

    [Fact]
    public async Task RunAsync_redraws_what_arrived_at_the_end_of_each_RedrawInterval()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var console = new TestConsole().Width(100);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);

        var running = new StatusLiveView(console).RunAsync(tracker);
        tracker.Executing(2, ChatStatusMessages.WebSearchStart);
        scheduler.AdvanceBy(StatusLiveViewOptions.DefaultRedrawInterval.Ticks);

        // The drawing comes from the view's own loop: wait for it (bounded), as for any real asynchronous work. Before the
        // tracker completes, so the final drawing cannot stand in for it.
        var redrawn = SpinWait.SpinUntil(() => Shows(console, "0%  0 completed, 0 failed, 2 running, 0 pending"), TimeSpan.FromSeconds(20));
        tracker.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(redrawn);
    }

    [Fact]
    public async Task RunAsync_without_the_summary_ends_with_the_last_drawing()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var console = new TestConsole().Width(100);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        tracker.Complete();

        await new StatusLiveView(console, new StatusLiveViewOptions { ShowSummary = false }).RunAsync(tracker).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain("Summary", console.Output, StringComparison.Ordinal);
        Assert.EndsWith("│ 1    │ Executing │ Analyzing your question. │        1 │       … │\n╰──────┴───────────┴──────────────────────────┴──────────┴─────────╯", console.Output.Replace("\r", "", StringComparison.Ordinal).TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_RunAsync_draws_the_tracker_once_more_and_leaves_out_the_summary()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var console = new TestConsole().Width(100);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var stop = new CancellationTokenSource();

        var running = new StatusLiveView(console).RunAsync(tracker, stop.Token);
        tracker.Executing(2, ChatStatusMessages.WebSearchStart);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(20)));
        var text = console.Output;
        Assert.DoesNotContain("Summary", text, StringComparison.Ordinal);
        Assert.StartsWith("0%  0 completed, 0 failed, 2 running, 0 pending", text[text.LastIndexOf("0%  ", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.False(tracker.IsCompleted);
    }

    [Theory]
    [InlineData("ExpectedSteps")]
    [InlineData("RedrawInterval")]
    [InlineData("BarWidth")]
    public void Options_out_of_range_are_refused_by_name(string name)
    {
        var options = new StatusLiveViewOptions();
        switch (name)
        {
            case "ExpectedSteps": options.ExpectedSteps = 0; break;
            case "RedrawInterval": options.RedrawInterval = TimeSpan.Zero; break;
            case "BarWidth": options.BarWidth = 0; break;
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StatusLiveView(new TestConsole(), options));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void The_view_keeps_the_options_it_was_created_with()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.MidTurn(scheduler);
        var options = new StatusLiveViewOptions { Columns = StatusLiveViewColumns.Step, ShowProgress = false, ShowFailures = false };
        var view = new StatusLiveView(new TestConsole(), options);

        options.Columns = StatusLiveViewColumns.All;
        var console = new TestConsole().Width(100);
        console.Write(view.Render(tracker));

        Assert.StartsWith("╭──────╮\n│ Step │", console.Output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
