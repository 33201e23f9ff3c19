using Rx.StatusTracking.Tests.Support;
using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Nesting;

public class AwaitingInputTests
{
    [Fact]
    public void Waiting_for_input_in_the_middle_of_an_attempt_is_not_a_new_attempt_while_a_retry_is()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler, StatusValidation.Strict);
        tracker.Executing(1, "running");
        scheduler.AdvanceTo(10);
        tracker.AwaitingInput(1, ChatStatusMessages.ToolAwaitingApproval("delete_file"));
        tracker.AwaitingInput(1, "still waiting");
        scheduler.AdvanceTo(50);
        tracker.Executing(1, "approved, running");
        scheduler.AdvanceTo(60);
        tracker.Completed(1, "done");

        tracker.Pending(2, "queued");
        tracker.AwaitingInput(2, "needs approval");
        scheduler.AdvanceTo(70);
        tracker.Executing(2, "approved");
        scheduler.AdvanceTo(75);
        tracker.Failed(2, "failed");
        tracker.Executing(2, "retry");
        tracker.AwaitingInput(2, "asks again");
        scheduler.AdvanceTo(90);
        tracker.Completed(2, "done");

        tracker.AwaitingInput(3, "approve?");
        tracker.Failed(3, "rejected");

        Assert.Equal(
            [
                new StepSummary(1, "done", StatusState.Completed, TimeSpan.FromTicks(60), 1),
                new StepSummary(2, "done", StatusState.Completed, TimeSpan.FromTicks(20), 2),
                new StepSummary(3, "rejected", StatusState.Failed, TimeSpan.Zero, 0),
            ],
            tracker.GetSummary().Steps);
    }

    [Fact]
    public void A_step_waiting_for_input_is_active_and_counted_apart_in_the_summary_and_the_progress()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        tracker.Completed(1, "one done");
        tracker.Executing(2, "two running");
        tracker.AwaitingInput(3, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        tracker.Pending(4, "four queued");
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(3).Ticks);
        tracker.AwaitingInput(2, ChatStatusMessages.AwaitingInput);

        var summary = tracker.GetSummary();
        Assert.Equal((4, 1, 0, 0, 2, 1), (summary.TotalSteps, summary.CompletedSteps, summary.FailedSteps, summary.ExecutingSteps, summary.AwaitingInputSteps, summary.PendingSteps));
        Assert.Equal(
            """
            4 steps in 3 ms: 1 completed, 0 failed, 0 executing, 2 awaiting input, 1 pending (success rate 100%)
              #1 Completed one done (0 ms, 0 attempts)
              #2 AwaitingInput Waiting for your input.
              #3 AwaitingInput The send_email tool is waiting for approval.
              #4 Pending   four queued
            """,
            summary.ToString());

        var progress = tracker.GetProgress();
        Assert.Equal((1, 0, 2, 1, 0, 4), (progress.Pending, progress.Executing, progress.AwaitingInput, progress.Completed, progress.Failed, progress.TotalSteps));
        Assert.Equal(25, progress.Percent);
        Assert.False(tracker.Current!.IsTerminal);
    }

    [Fact]
    public void A_summary_without_steps_waiting_for_input_reads_as_before()
    {
        using var tracker = OnTestScheduler(new TestScheduler());
        tracker.Executing(1, "running");

        Assert.Equal(
            """
            1 step in 0 ms: 0 completed, 0 failed, 1 executing, 0 pending (success rate 0%)
              #1 Executing running
            """,
            tracker.GetSummary().ToString());
    }

    [Fact]
    public void A_lenient_tracker_gives_a_blank_description_the_waiting_sentence()
    {
        using var tracker = new ChatStatusTracker();

        Assert.Equal("Step 3 is waiting for input.", tracker.AwaitingInput(3, " ").Description);
    }

    [Fact]
    public void The_step_collection_and_the_view_operators_show_a_step_waiting_for_input()
    {
        using var tracker = new ChatStatusTracker();
        using var steps = new StepCollection(tracker);
        IReadOnlyDictionary<int, StepSummary>? states = null;
        ProgressSnapshot? progress = null;
        using var stateView = tracker.StepStates().Subscribe(s => states = s);
        using var progressView = tracker.Progress().Subscribe(p => progress = p);

        tracker.Executing(1, "running");
        tracker.AwaitingInput(1, "approve?");

        var row = Assert.Single(steps.Items);
        Assert.Equal((1, StatusState.AwaitingInput, "approve?", 1), (row.Step, row.State, row.Description, row.Attempts));
        Assert.Equal(StatusState.AwaitingInput, states![1].State);
        Assert.Equal((1, 0, 1), (progress!.AwaitingInput, progress.Executing, progress.TotalSteps));
    }

    [Fact]
    public void A_status_waiting_for_input_goes_on_the_wire_by_its_name_and_comes_back()
    {
        var status = new ChatStatus { Step = 2, Description = "Approve?", State = StatusState.AwaitingInput, Sequence = 5, Timestamp = At(0) };

        var json = StatusJson.Serialize(status);

        Assert.Contains("\"state\":\"AwaitingInput\"", json, StringComparison.Ordinal);
        Assert.Equal(status, StatusJson.Deserialize(json));
    }
}
