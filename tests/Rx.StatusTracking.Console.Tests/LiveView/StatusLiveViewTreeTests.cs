using Rx.StatusTracking.Console;
using Rx.StatusTracking.Console.Tests.Support;
using Spectre.Console;

namespace Rx.StatusTracking.Console.Tests.LiveView;

/// <summary>The view of nested steps: the tree, steps waiting for input, a running step's own progress.</summary>
public class StatusLiveViewTreeTests
{
    private static ChatStatus Imported(long sequence, int step, int? parentStep) => new()
    {
        Step = step,
        ParentStep = parentStep,
        Description = $"Step {step} finished.",
        State = StatusState.Completed,
        Sequence = sequence,
    };

    [Fact]
    public void Children_are_drawn_under_their_parent_with_waiting_steps_and_running_steps_progress()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);

        var text = Drawn.Plain(tracker);

        Assert.Equal(
            """
            ████████████████████████████████████████████████████████████
            46%  2 completed, 0 failed, 4 running, 1 awaiting input, 0 pending  1.00 s
            ╭─────────┬───────────────┬──────────────────────────────────────────────┬──────────┬─────────╮
            │ Step    │ State         │ Description                                  │ Attempts │ Elapsed │
            ├─────────┼───────────────┼──────────────────────────────────────────────┼──────────┼─────────┤
            │ 1       │ Executing     │ The planner agent is running.                │        1 │       … │
            │ ├─ 2    │ Executing     │ Downloading the report.  █████░░░░░ 50%      │        1 │       … │
            │ └─ 3    │ AwaitingInput │ The send_email tool is waiting for approval. │        0 │       … │
            │ 4       │ Executing     │ Running the workflow review.                 │        1 │       … │
            │ ├─ 5    │ Completed     │ The writer executor finished.                │        1 │  0.75 s │
            │ │  └─ 6 │ Completed     │ The web_search tool finished.                │        1 │  0.50 s │
            │ └─ 7    │ Executing     │ The reviewer executor is running.            │        1 │       … │
            ╰─────────┴───────────────┴──────────────────────────────────────────────┴──────────┴─────────╯

            """,
            text);
    }

    [Fact]
    public void Without_the_step_column_the_guides_come_before_the_description()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions
        {
            Columns = StatusLiveViewColumns.State | StatusLiveViewColumns.Description,
            ShowProgress = false,
        });

        Assert.Equal(
            """
            ╭───────────────┬─────────────────────────────────────────────────╮
            │ State         │ Description                                     │
            ├───────────────┼─────────────────────────────────────────────────┤
            │ Executing     │ The planner agent is running.                   │
            │ Executing     │ ├─ Downloading the report.  █████░░░░░ 50%      │
            │ AwaitingInput │ └─ The send_email tool is waiting for approval. │
            │ Executing     │ Running the workflow review.                    │
            │ Completed     │ ├─ The writer executor finished.                │
            │ Completed     │ │  └─ The web_search tool finished.             │
            │ Executing     │ └─ The reviewer executor is running.            │
            ╰───────────────┴─────────────────────────────────────────────────╯

            """,
            text);
    }

    [Fact]
    public void A_steps_figure_is_its_latest_statuses_own()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        tracker.ReportProgress(1, 0.25, "Downloading the report.");
        tracker.ReportProgress(1, 0.999);
        tracker.ReportProgress(2, 0.75, "Indexing the report.");
        tracker.Executing(2, "Indexing the report, no figure.");
        tracker.ReportProgress(3, 0.5, "Asking before sending.");
        tracker.AwaitingInput(3, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        tracker.ReportProgress(4, 1, "Uploading the report.");

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.Step | StatusLiveViewColumns.Description, ShowProgress = false });

        Assert.Equal(
            """
            ╭──────┬──────────────────────────────────────────────╮
            │ Step │ Description                                  │
            ├──────┼──────────────────────────────────────────────┤
            │ 1    │ Downloading the report.  █████████░ 99%      │
            │ 2    │ Indexing the report, no figure.              │
            │ 3    │ The send_email tool is waiting for approval. │
            │ 4    │ Uploading the report.  ██████████ 100%       │
            ╰──────┴──────────────────────────────────────────────╯

            """,
            text);
    }

    [Fact]
    public void A_chain_of_200_levels_renders_its_guides_drawn_for_8_levels_and_the_rest_as_an_ellipsis()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var parent = tracker.ReserveStep();
        tracker.Executing(parent, "Level 0.");
        for (var level = 1; level < 200; level++)
        {
            parent = tracker.ReserveStep(parent);
            tracker.Executing(parent, $"Level {level}.");
        }

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.Step | StatusLiveViewColumns.Description, ShowProgress = false });

        var rows = text.Split('\n')[3..^2];
        Assert.Equal(200, rows.Length);
        Assert.Equal("│ 1                              │ Level 0.    │", rows[0]);
        Assert.Equal("│ └─ 2                           │ Level 1.    │", rows[1]);
        Assert.Equal("│    └─ 3                        │ Level 2.    │", rows[2]);
        Assert.Equal("│                      └─ 9      │ Level 8.    │", rows[8]);
        Assert.Equal("│                      …  └─ 10  │ Level 9.    │", rows[9]);
        Assert.Equal("│                      …  └─ 11  │ Level 10.   │", rows[10]);
        Assert.Equal("│                      …  └─ 200 │ Level 199.  │", rows[199]);
    }

    [Fact]
    public void A_child_whose_parent_is_not_in_the_summary_is_drawn_at_the_top_level_with_its_own_children()
    {
        // A mirror that joined late imports statuses whose parents it never saw.
        using var tracker = new ChatStatusTracker();
        tracker.Import(Imported(1, step: 1, parentStep: null));
        tracker.Import(Imported(2, step: 5, parentStep: 3));
        tracker.Import(Imported(3, step: 6, parentStep: 5));
        tracker.Import(Imported(4, step: 7, parentStep: 1));

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.Step | StatusLiveViewColumns.Description, ShowProgress = false });

        Assert.Equal(
            """
            ╭──────┬──────────────────╮
            │ Step │ Description      │
            ├──────┼──────────────────┤
            │ 1    │ Step 1 finished. │
            │ └─ 7 │ Step 7 finished. │
            │ 5    │ Step 5 finished. │
            │ └─ 6 │ Step 6 finished. │
            ╰──────┴──────────────────╯

            """,
            text);
    }

    [Fact]
    public void Steps_only_a_cycle_reaches_are_drawn_too()
    {
        // Imported statuses are not checked against each other: two steps may name each other as parent.
        using var tracker = new ChatStatusTracker();
        tracker.Import(Imported(1, step: 1, parentStep: 2));
        tracker.Import(Imported(2, step: 2, parentStep: 1));
        tracker.Import(Imported(3, step: 3, parentStep: null));

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.Step, ShowProgress = false });

        Assert.Equal("╭──────╮\n│ Step │\n├──────┤\n│ 3    │\n│ 1    │\n│ └─ 2 │\n╰──────╯\n", text);
    }

    [Fact]
    public void A_failed_child_is_listed_with_its_parent()
    {
        using var tracker = new ChatStatusTracker();
        var run = tracker.ReserveStep();
        tracker.Executing(run, "The planner agent is running.");
        var search = tracker.ReserveStep(run);
        tracker.Failed(search, ChatStatusMessages.ToolFailed("web_search", "timed out"), new TimeoutException("timed out"));

        var text = Drawn.Plain(tracker, new StatusLiveViewOptions { Columns = StatusLiveViewColumns.None, ShowProgress = false });

        Assert.Equal("✗ step 2 in 1: The web_search tool failed: timed out.\n", text);
    }

    [Fact]
    public void Waiting_steps_running_steps_bars_and_the_guides_are_drawn_in_the_colours_of_the_options()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);
        var byDefault = Drawn.Ansi(new StatusLiveView(new TestConsole()), tracker);
        var chosen = Drawn.Ansi(new StatusLiveView(new TestConsole(), new StatusLiveViewOptions { AwaitingInputColor = new Color(1, 2, 3), ExecutingColor = new Color(4, 5, 6), BorderColor = new Color(7, 8, 9) }), tracker);

        Assert.Contains("\u001b[38;5;5mAwaitingInput\u001b[0m", byDefault, StringComparison.Ordinal); // the default, standard purple
        Assert.Contains("\u001b[38;2;1;2;3mAwaitingInput\u001b[0m", chosen, StringComparison.Ordinal);
        Assert.Contains("\u001b[38;2;4;5;6m█████\u001b[0m\u001b[38;5;8m░░░░░\u001b[0m 50%", chosen, StringComparison.Ordinal);
        Assert.Contains("\u001b[38;2;7;8;9m│  └─ \u001b[0m6", chosen, StringComparison.Ordinal);
    }

    [Fact]
    public void The_view_keeps_the_waiting_colour_it_was_created_with()
    {
        var scheduler = new TestScheduler();
        using var tracker = Turns.AgentRunThenWorkflow(scheduler);
        var options = new StatusLiveViewOptions { AwaitingInputColor = new Color(1, 2, 3) };
        var view = new StatusLiveView(new TestConsole(), options);

        options.AwaitingInputColor = new Color(4, 5, 6);

        Assert.Contains("\u001b[38;2;1;2;3mAwaitingInput\u001b[0m", Drawn.Ansi(view, tracker), StringComparison.Ordinal);
    }
}
