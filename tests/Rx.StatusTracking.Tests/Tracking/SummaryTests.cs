using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Tracking;

public class SummaryTests
{
    private static long Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds).Ticks;

    /// <summary>A chat turn: analysis, a model call, three tools (one retried, one failing), and a pending step.</summary>
    private static (ChatStatusTracker Tracker, TestScheduler Scheduler) ChatTurn()
    {
        var scheduler = new TestScheduler();
        var tracker = Trackers.OnTestScheduler(scheduler);
        void At(int ms, Action report)
        {
            scheduler.AdvanceTo(Ms(ms));
            report();
        }

        At(100, () => tracker.Executing(1, ChatStatusMessages.AnalyzingQuery));
        At(300, () => tracker.Completed(1, ChatStatusMessages.QueryPrepared));
        At(300, () => tracker.Executing(2, ChatStatusMessages.WaitingOpenAI));
        At(1_300, () => tracker.Completed(2, ChatStatusMessages.ReceivedResponse));
        At(1_300, () =>
        {
            tracker.Pending(3, ChatStatusMessages.ExecutingTool("web_search"));
            tracker.Pending(4, ChatStatusMessages.ExecutingTool("weather_api"));
            tracker.Pending(5, ChatStatusMessages.ExecutingTool("db_lookup"));
        });
        At(1_400, () =>
        {
            tracker.Executing(3, ChatStatusMessages.ExecutingTool("web_search"));
            tracker.Executing(4, ChatStatusMessages.ExecutingTool("weather_api"));
            tracker.Executing(5, ChatStatusMessages.ExecutingTool("db_lookup"));
        });
        At(1_900, () => tracker.Completed(3, ChatStatusMessages.ToolCompleted("web_search")));
        At(2_000, () => tracker.Failed(4, ChatStatusMessages.ToolFailed("weather_api", "HTTP 503"), new HttpRequestException("Service unavailable")));
        At(2_100, () => tracker.Executing(4, ChatStatusMessages.ExecutingTool("weather_api")));
        At(2_600, () => tracker.Completed(4, ChatStatusMessages.ToolCompleted("weather_api")));
        At(3_000, () => tracker.Executing(5, ChatStatusMessages.ExecutingTool("db_lookup"), data: 0.5));
        At(3_400, () => tracker.Failed(5, ChatStatusMessages.ToolFailed("db_lookup", "deadlock")));
        At(3_500, () => tracker.Pending(6, ChatStatusMessages.SendingToolResults));
        return (tracker, scheduler);
    }

    [Fact]
    public void GetProgress_gives_the_figures_the_Progress_operator_ends_with()
    {
        var (tracker, _) = ChatTurn();
        var fromOperator = tracker.History.ToObservable().Progress(expectedSteps: 8).LastAsync().Wait();

        Assert.Equal(fromOperator, tracker.GetProgress(expectedSteps: 8));
        Assert.Equal(tracker.History.ToObservable().Progress().LastAsync().Wait(), tracker.GetProgress());
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.GetProgress(expectedSteps: 0));
    }

    [Fact]
    public void Summary_figures_are_exact_in_virtual_time()
    {
        var (tracker, scheduler) = ChatTurn();
        scheduler.AdvanceTo(Ms(5_000));
        tracker.Complete();

        var summary = tracker.GetSummary();

        Assert.Equal(6, summary.TotalSteps);
        Assert.Equal(4, summary.CompletedSteps);
        Assert.Equal(1, summary.FailedSteps);
        Assert.Equal(1, summary.PendingSteps);
        Assert.Equal(0, summary.ExecutingSteps);
        Assert.Equal(0.8, summary.SuccessRate, 12);
        Assert.Equal(0.2, summary.FailureRate, 12);
        Assert.Equal(TimeSpan.FromTicks(Ms(4_900)), summary.Duration);
        Assert.Equal(
            [
                new StepSummary(1, ChatStatusMessages.QueryPrepared, StatusState.Completed, TimeSpan.FromTicks(Ms(200)), 1),
                new StepSummary(2, ChatStatusMessages.ReceivedResponse, StatusState.Completed, TimeSpan.FromTicks(Ms(1_000)), 1),
                new StepSummary(3, ChatStatusMessages.ToolCompleted("web_search"), StatusState.Completed, TimeSpan.FromTicks(Ms(500)), 1),
                new StepSummary(4, ChatStatusMessages.ToolCompleted("weather_api"), StatusState.Completed, TimeSpan.FromTicks(Ms(1_200)), 2),
                new StepSummary(5, ChatStatusMessages.ToolFailed("db_lookup", "deadlock"), StatusState.Failed, TimeSpan.FromTicks(Ms(2_000)), 1),
                new StepSummary(6, ChatStatusMessages.SendingToolResults, StatusState.Pending, null, 0),
            ],
            summary.Steps);
        Assert.Equal([4, 5], summary.Failures.Select(f => f.Step));
        Assert.Equal([Ms(2_000), Ms(3_400)], summary.Failures.Select(f => f.Timestamp.Ticks));
        Assert.Equal(summary, tracker.GetSummary());
    }

    [Fact]
    public void Summary_reads_as_a_report()
    {
        var (tracker, scheduler) = ChatTurn();
        scheduler.AdvanceTo(Ms(5_000));
        tracker.Complete();

        Assert.Equal(
            """
            6 steps in 4.90 s: 4 completed, 1 failed, 0 executing, 1 pending (success rate 80%)
              #1 Completed Your question is ready for the model. (200 ms, 1 attempt)
              #2 Completed Received a response from the model. (1.00 s, 1 attempt)
              #3 Completed The web_search tool finished. (500 ms, 1 attempt)
              #4 Completed The weather_api tool finished. (1.20 s, 2 attempts)
              #5 Failed    The db_lookup tool failed: deadlock. (2.00 s, 1 attempt)
              #6 Pending   Sending the tool results back to the model.
            2 failures:
              #4 The weather_api tool failed: HTTP 503. [System.Net.Http.HttpRequestException: Service unavailable]
              #5 The db_lookup tool failed: deadlock.
            """.ReplaceLineEndings(),
            tracker.GetSummary().ToString());
    }

    [Fact]
    public void Without_Complete_the_duration_runs_from_the_first_status_to_the_last()
    {
        var (tracker, scheduler) = ChatTurn();
        scheduler.AdvanceTo(Ms(9_000));

        Assert.Equal(TimeSpan.FromTicks(Ms(3_400)), tracker.GetSummary().Duration);
    }

    [Fact]
    public void A_step_that_never_executed_is_timed_from_its_first_status()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler);
        scheduler.AdvanceTo(10);
        tracker.Pending(1, "queued");
        scheduler.AdvanceTo(35);
        tracker.Completed(1, "done without running");

        Assert.Equal(new StepSummary(1, "done without running", StatusState.Completed, TimeSpan.FromTicks(25), 0), Assert.Single(tracker.GetSummary().Steps));
    }

    [Fact]
    public void An_empty_tracker_has_the_empty_summary()
    {
        using var tracker = new ChatStatusTracker();
        var summary = tracker.GetSummary();

        Assert.Equal(ExecutionSummary.Empty, summary);
        Assert.Equal(0, summary.SuccessRate);
        Assert.Equal(0, summary.FailureRate);
        Assert.Equal("0 steps in 0 ms: 0 completed, 0 failed, 0 executing, 0 pending (success rate 0%)", summary.ToString());
    }

    [Fact]
    public void Rates_are_zero_until_a_step_finishes()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "running");

        var summary = tracker.GetSummary();
        Assert.Equal(1, summary.ExecutingSteps);
        Assert.Equal(0, summary.SuccessRate);
        Assert.Equal(0, summary.FailureRate);
        Assert.Null(Assert.Single(summary.Steps).Duration);
    }

    [Fact]
    public void A_steps_summary_carries_its_latest_statuses_progress_even_after_the_history_dropped_it()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 2 });
        tracker.ReportProgress(1, 0.25, "Downloading the report.");
        tracker.ReportProgress(2, 0.5, "Indexing.");
        tracker.Executing(2, "Indexing, no figure.");
        tracker.ReportProgress(3, 0.75, "Asking.");
        tracker.AwaitingInput(3, "Waiting for an approval.");

        Assert.Equal(
            [(1, (double?)0.25), (2, null), (3, null)],
            tracker.GetSummary().Steps.Select(s => (s.Step, s.Progress)));
        Assert.DoesNotContain(tracker.History, s => s.Step == 1);
    }
}
