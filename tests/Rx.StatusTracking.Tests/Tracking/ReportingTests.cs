using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

public class ReportingTests
{
    [Fact]
    public void Subscribers_get_each_status_at_its_virtual_time_with_increasing_sequences()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var observer = scheduler.CreateObserver<ChatStatus>();
        tracker.Subscribe(observer);

        scheduler.AdvanceTo(100);
        tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        scheduler.AdvanceTo(250);
        tracker.Completed(1, ChatStatusMessages.QueryPrepared, data: "prompt");
        scheduler.AdvanceTo(300);
        tracker.Complete();

        Assert.Equal(
            [
                OnNext(100, Status(1, ChatStatusMessages.AnalyzingQuery, StatusState.Executing, 100, 1)),
                OnNext(250, Status(1, ChatStatusMessages.QueryPrepared, StatusState.Completed, 250, 2, "prompt")),
                OnCompleted<ChatStatus>(300),
            ],
            observer.Messages);
    }

    [Fact]
    public void The_callback_sees_each_status_in_order_before_the_report_returns()
    {
        var seen = new List<ChatStatus>();
        using var tracker = new ChatStatusTracker(seen.Add);

        var first = tracker.Pending(1, ChatStatusMessages.AnalyzingQuery);
        Assert.Same(first, Assert.Single(seen));
        var second = tracker.Executing(1, ChatStatusMessages.AnalyzingQuery);
        var third = tracker.Completed(1, ChatStatusMessages.QueryPrepared);

        Assert.Equal([first, second, third], seen);
        Assert.Equal([1L, 2L, 3L], seen.Select(s => s.Sequence));
    }

    [Fact]
    public void Each_report_returns_the_status_as_recorded_and_it_becomes_current()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        Assert.Null(tracker.Current);
        Assert.Equal(0, tracker.LastSequence);

        scheduler.AdvanceTo(5);
        var executing = tracker.Executing(4, ChatStatusMessages.WebSearchStart, data: new { Query = "rx" });

        Assert.Equal(Status(4, ChatStatusMessages.WebSearchStart, StatusState.Executing, 5, 1, executing.Data), executing);
        Assert.Same(executing, tracker.Current);
        Assert.Equal(1, tracker.LastSequence);
    }

    [Fact]
    public void Service_integration_executing_then_completed()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);

        scheduler.AdvanceTo(10);
        tracker.Executing(2, ChatStatusMessages.ApiCallStart);
        scheduler.AdvanceTo(60);
        tracker.Completed(2, ChatStatusMessages.ApiCallComplete);

        Assert.Equal([StatusState.Executing, StatusState.Completed], tracker.History.Select(s => s.State));
        Assert.False(tracker.HasFailures);
        var step = Assert.Single(tracker.GetSummary().Steps);
        Assert.Equal(new StepSummary(2, ChatStatusMessages.ApiCallComplete, StatusState.Completed, TimeSpan.FromTicks(50), 1), step);
    }

    [Fact]
    public void Error_integration_captures_the_exception_of_a_failed_step()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(3, ChatStatusMessages.DbLookupStart);

        ChatStatus failed;
        try
        {
            throw new TimeoutException("The database did not answer within 5 s.");
        }
        catch (TimeoutException exception)
        {
            failed = tracker.Failed(3, ChatStatusMessages.ToolFailed("db_lookup", exception.Message), exception, data: "orders");
        }

        Assert.Equal(StatusState.Failed, failed.State);
        Assert.Equal("The db_lookup tool failed: The database did not answer within 5 s.", failed.Description);
        Assert.Equal("System.TimeoutException", failed.Error!.Type);
        Assert.Equal("The database did not answer within 5 s.", failed.Error.Message);
        Assert.NotNull(failed.Error.StackTrace);
        Assert.Equal("orders", failed.Data);
        Assert.True(tracker.HasFailures);
        Assert.Same(failed, Assert.Single(tracker.Failures));
    }

    [Fact]
    public void Report_records_each_state_as_its_own_method_does_with_the_exception_only_on_a_failure()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var timeout = new TimeoutException("No answer.");

        tracker.Report(1, StatusState.Pending, "Queued.");
        tracker.Report(1, StatusState.Executing, "Running.", data: "q");
        tracker.Report(1, StatusState.AwaitingInput, "Waiting for approval.", error: timeout);
        tracker.Report(1, StatusState.Failed, "Timed out.", error: timeout);
        tracker.Report(2, StatusState.Completed, "Done.");

        Assert.Equal(
            [
                Status(1, "Queued.", StatusState.Pending, 0, 1),
                Status(1, "Running.", StatusState.Executing, 0, 2, "q"),
                Status(1, "Waiting for approval.", StatusState.AwaitingInput, 0, 3),
                Status(1, "Timed out.", StatusState.Failed, 0, 4) with { Error = StatusError.From(timeout) },
                Status(2, "Done.", StatusState.Completed, 0, 5),
            ],
            tracker.History);
    }

    [Fact]
    public void Report_of_an_undefined_state_throws_on_a_strict_tracker_and_records_Executing_on_a_lenient_one()
    {
        using var strict = new ChatStatusTracker(options: new StatusTrackerOptions { Validation = StatusValidation.Strict });
        using var lenient = new ChatStatusTracker(options: new StatusTrackerOptions { Validation = StatusValidation.Lenient });

        Assert.Throws<ArgumentOutOfRangeException>(() => strict.Report(1, (StatusState)42, "Running."));
        Assert.Empty(strict.History);
        Assert.Equal(StatusState.Executing, lenient.Report(1, (StatusState)42, "Running.").State);
    }

    [Fact]
    public void Update_records_a_status_built_elsewhere_keeping_its_data_error_and_timestamp()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        scheduler.AdvanceTo(40);
        var error = StatusError.From(new InvalidOperationException("x"));
        var elsewhere = new ChatStatus { Step = 7, Description = "Remote step failed.", State = StatusState.Failed, Timestamp = At(12), Data = "d", Error = error, Sequence = 999 };

        var recorded = tracker.Update(elsewhere);

        Assert.Equal(elsewhere with { Sequence = 1 }, recorded);
        var stamped = tracker.Update(new ChatStatus { Step = 8, Description = "Local step.", State = StatusState.Pending });
        Assert.Equal(At(40), stamped.Timestamp);
        Assert.Equal(2, stamped.Sequence);
    }

    [Fact]
    public void History_is_oldest_first_and_a_snapshot()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Pending(1, "a");
        var snapshot = tracker.History;
        tracker.Executing(1, "b");

        Assert.Equal(["a"], snapshot.Select(s => s.Description));
        Assert.Equal(["a", "b"], tracker.History.Select(s => s.Description));
    }

    [Fact]
    public void History_keeps_the_newest_statuses_and_reports_each_trim_once()
    {
        using var tracker = new ChatStatusTracker(options: new() { HistoryLimit = 3 });
        var errors = tracker.RecordErrors();

        for (var step = 0; step < 10; step++)
        {
            tracker.Pending(step, $"step {step}");
        }

        Assert.Equal(["step 7", "step 8", "step 9"], tracker.History.Select(s => s.Description));
        Assert.Equal(7, tracker.DroppedFromHistory);
        // Reported when trimming starts, then once per HistoryLimit drops: drops 1, 4 and 7.
        Assert.Equal([1L, 4L, 7L], errors.Where(e => e.Kind == StatusTrackingErrorKind.HistoryTrimmed).Select(e => e.Count));
        Assert.All(errors, e => Assert.Equal(StatusTrackingErrorKind.HistoryTrimmed, e.Kind));
        // A bounded history trimming itself is normal operation: informational, not a warning or an error.
        Assert.All(errors, e => Assert.Equal(StatusTrackingSeverity.Information, e.Severity));
        // The summary still knows every step: trimming the history loses no figure.
        Assert.Equal(10, tracker.GetSummary().TotalSteps);
    }

    [Fact]
    public void Failures_keep_every_failure_including_ones_retried_successfully()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, ChatStatusMessages.ExecutingTool("weather_api"));
        var first = tracker.Failed(1, ChatStatusMessages.ToolFailed("weather_api", "HTTP 503"));
        tracker.Executing(1, ChatStatusMessages.ExecutingTool("weather_api"));
        tracker.Completed(1, ChatStatusMessages.ToolCompleted("weather_api"));
        tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
        var second = tracker.Failed(2, ChatStatusMessages.ToolFailed("web_search", "timeout"));

        Assert.True(tracker.HasFailures);
        Assert.Equal([first, second], tracker.Failures);
        var summary = tracker.GetSummary();
        Assert.Equal(1, summary.FailedSteps);
        Assert.Equal(1, summary.CompletedSteps);
        Assert.Equal([first, second], summary.Failures);
    }

    [Fact]
    public void Retained_failures_are_bounded_like_the_history_and_trims_are_reported()
    {
        using var tracker = new ChatStatusTracker(options: new() { HistoryLimit = 2 });
        var errors = tracker.RecordErrors();

        for (var step = 0; step < 5; step++)
        {
            tracker.Failed(step, $"failure {step}");
        }

        Assert.Equal(["failure 3", "failure 4"], tracker.Failures.Select(s => s.Description));
        Assert.Equal([1L, 3L], errors.Where(e => e.Kind == StatusTrackingErrorKind.FailuresTrimmed).Select(e => e.Count));
        Assert.All(errors.Where(e => e.Kind == StatusTrackingErrorKind.FailuresTrimmed), e => Assert.Equal(StatusTrackingSeverity.Information, e.Severity));
        Assert.Equal(5, tracker.GetSummary().FailedSteps);
    }

    [Fact]
    public void A_plain_subscriber_sees_only_statuses_recorded_after_it_subscribed()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Pending(1, "before");
        var observer = new GrammarObserver<ChatStatus>();
        using var subscription = tracker.Subscribe(observer);
        tracker.Executing(1, "after");
        subscription.Dispose();
        tracker.Completed(1, "after dispose");

        Assert.Equal(["after"], observer.Values.Select(s => s.Description));
        Assert.Equal(0, tracker.SubscriberCount);
    }

    [Fact]
    public void WithHistory_replays_the_history_then_goes_live_in_virtual_time()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        scheduler.AdvanceTo(10);
        tracker.Executing(1, "a");
        scheduler.AdvanceTo(20);
        tracker.Completed(1, "b");

        scheduler.AdvanceTo(30);
        var observer = scheduler.CreateObserver<ChatStatus>();
        tracker.WithHistory().Subscribe(observer);
        scheduler.AdvanceTo(40);
        tracker.Executing(2, "c");

        Assert.Equal(
            [
                OnNext(30, Status(1, "a", StatusState.Executing, 10, 1)),
                OnNext(30, Status(1, "b", StatusState.Completed, 20, 2)),
                OnNext(40, Status(2, "c", StatusState.Executing, 40, 3)),
            ],
            observer.Messages);
    }

    [Theory]
    [InlineData(StatusTrackingErrorKind.InvalidArgument, StatusTrackingSeverity.Warning)]
    [InlineData(StatusTrackingErrorKind.InvalidTransition, StatusTrackingSeverity.Warning)]
    [InlineData(StatusTrackingErrorKind.ReportAfterCompletion, StatusTrackingSeverity.Warning)]
    [InlineData(StatusTrackingErrorKind.HistoryTrimmed, StatusTrackingSeverity.Information)]
    [InlineData(StatusTrackingErrorKind.FailuresTrimmed, StatusTrackingSeverity.Information)]
    [InlineData(StatusTrackingErrorKind.CallbackFailed, StatusTrackingSeverity.Error)]
    [InlineData(StatusTrackingErrorKind.SubscriberFailed, StatusTrackingSeverity.Error)]
    [InlineData(StatusTrackingErrorKind.RetentionShed, StatusTrackingSeverity.Warning)]
    public void Every_kind_has_the_severity_to_log_it_at(StatusTrackingErrorKind kind, StatusTrackingSeverity severity)
    {
        Assert.Equal(severity, new StatusTrackingError(kind, "x", default).Severity);
        Assert.Equal(8, Enum.GetValues<StatusTrackingErrorKind>().Length); // a new kind needs a row above
    }
}
