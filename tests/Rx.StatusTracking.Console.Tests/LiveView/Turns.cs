namespace Rx.StatusTracking.Console.Tests.LiveView;

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
}
