namespace Rx.StatusTracking.Console.Tests.Support;

/// <summary>A small chat turn on a <see cref="TestScheduler"/>, so every duration and percentage is exact.</summary>
internal static class Turns
{
    /// <summary>
    /// Step 1 completes in 0.5 s; step 2 fails at 1 s and runs again from 1.25 s; step 3 waits. The clock ends at 1.5 s.
    /// </summary>
    public static ChatStatusTracker MidTurn(TestScheduler scheduler)
    {
        var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.5).Ticks);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.5).Ticks);
        tracker.Failed(2, ChatStatusMessages.ToolFailed("web_search", "timed out"), new TimeoutException("timed out"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.25).Ticks);
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
        tracker.Pending(3, ChatStatusMessages.WaitingOpenAI);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.25).Ticks);
        return tracker;
    }

    /// <summary>
    /// An agent run then a workflow, as nested steps. The planner agent (step 1) has two tool calls: a download at 50%
    /// (2) and an email waiting for approval (3). The review workflow (4) has two executors: the writer (5), finished
    /// after a search of its own (6), and the reviewer (7), running. The clock ends at 1.25 s.
    /// </summary>
    public static ChatStatusTracker AgentRunThenWorkflow(TestScheduler scheduler)
    {
        var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var run = tracker.ReserveStep();
        tracker.Executing(run, "The planner agent is running.");
        var download = tracker.ReserveStep(run);
        tracker.Executing(download, ChatStatusMessages.ExecutingTool("download"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.25).Ticks);
        tracker.ReportProgress(download, 0.5, "Downloading the report.");
        var email = tracker.ReserveStep(run);
        tracker.AwaitingInput(email, ChatStatusMessages.ToolAwaitingApproval("send_email"));
        var workflow = tracker.ReserveStep();
        tracker.Executing(workflow, "Running the workflow review.");
        var writer = tracker.ReserveStep(workflow);
        tracker.Executing(writer, "The writer executor is running.");
        var search = tracker.ReserveStep(writer);
        tracker.Executing(search, ChatStatusMessages.ExecutingTool("web_search"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.5).Ticks);
        tracker.Completed(search, ChatStatusMessages.ToolCompleted("web_search"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.25).Ticks);
        tracker.Completed(writer, "The writer executor finished.");
        var reviewer = tracker.ReserveStep(workflow);
        tracker.Executing(reviewer, "The reviewer executor is running.");
        scheduler.AdvanceBy(TimeSpan.FromSeconds(0.25).Ticks);
        return tracker;
    }
}
