using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Lifecycle;

public class RunStepTests
{
    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public async Task A_step_reports_executing_then_completed_and_its_duration_is_the_trackers(StatusValidation validation)
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler, validation);

        var pages = await tracker.RunStepAsync(3, "Fetching pages.", async token =>
        {
            scheduler.AdvanceBy(25);
            await Task.Yield();
            return 7;
        }, completedDescription: "Fetched 7 pages.");
        await tracker.RunStepAsync(4, "Ranking.", _ =>
        {
            scheduler.AdvanceBy(5);
            return Task.CompletedTask;
        });

        Assert.Equal(7, pages);
        Assert.Equal(
        [
            "0:3 Executing: Fetching pages.",
            "25:3 Completed: Fetched 7 pages.",
            "25:4 Executing: Ranking.",
            "30:4 Completed: Step 4 is complete.",
        ], tracker.History());
        Assert.Equal([TimeSpan.FromTicks(25), TimeSpan.FromTicks(5)], tracker.GetSummary().Steps.Select(s => s.Duration));
    }

    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public async Task A_failing_step_records_its_exception_and_rethrows_it_unchanged(StatusValidation validation)
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler, validation);
        var boom = new HttpRequestException("HTTP 503.");

        var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => tracker.RunStepAsync<string>(1, "Calling the API.", async _ =>
        {
            scheduler.AdvanceBy(4);
            await Task.Yield();
            throw boom;
        }));
        var sync = Assert.Throws<KeyNotFoundException>(() => tracker.RunStep(2, "Looking up.", () => throw new KeyNotFoundException("no row")));

        Assert.Same(boom, thrown);
        Assert.Equal("no row", sync.Message);
        Assert.Equal(
        [
            "0:1 Executing: Calling the API.",
            "4:1 Failed: Step 1 failed: HTTP 503. [System.Net.Http.HttpRequestException]",
            "4:2 Executing: Looking up.",
            "4:2 Failed: Step 2 failed: no row. [System.Collections.Generic.KeyNotFoundException]",
        ], tracker.History());
    }

    [Fact]
    public async Task Cancellation_by_the_given_token_reads_cancelled_and_another_tokens_reads_failed()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        using var cancel = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        await other.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => tracker.RunStepAsync(1, "Waiting.", _ => Task.Delay(Timeout.Infinite, other.Token), cancel.Token));
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<TaskCanceledException>(() => tracker.RunStepAsync(2, "Waiting.", token => Task.Delay(Timeout.Infinite, token), cancel.Token));

        Assert.Equal(
        [
            "0:1 Executing: Waiting.",
            "0:1 Failed: Step 1 failed: A task was canceled. [System.Threading.Tasks.TaskCanceledException]",
            "0:2 Executing: Waiting.",
            "0:2 Failed: Step 2 was cancelled. [System.Threading.Tasks.TaskCanceledException]",
        ], tracker.History());
    }

    [Fact]
    public async Task The_overloads_without_a_step_reserve_one_and_the_sync_ones_return_the_result()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        tracker.Executing(5, "by hand");

        await tracker.RunStepAsync("a", _ => Task.CompletedTask);
        var b = await tracker.RunStepAsync("b", _ => Task.FromResult("B"), completedDescription: "b done");
        tracker.RunStep("c", () => { });
        var d = tracker.RunStep("d", () => 4);
        var e = tracker.RunStep(20, "e", () => 5, "e done");

        Assert.Equal(("B", 4, 5), (b, d, e));
        Assert.Equal(
        [
            "0:5 Executing: by hand",
            "0:6 Executing: a", "0:6 Completed: Step 6 is complete.",
            "0:7 Executing: b", "0:7 Completed: b done",
            "0:8 Executing: c", "0:8 Completed: Step 8 is complete.",
            "0:9 Executing: d", "0:9 Completed: Step 9 is complete.",
            "0:20 Executing: e", "0:20 Completed: e done",
        ], tracker.History());
    }

    [Fact]
    public async Task Strict_a_refused_start_throws_before_the_work_and_a_refused_completion_after_it()
    {
        var scheduler = new TestScheduler();
        using var tracker = Trackers.OnTestScheduler(scheduler, StatusValidation.Strict);
        tracker.Executing(1, "a");
        tracker.Completed(1, "done");
        var ran = 0;

        Assert.Throws<InvalidStatusTransitionException>(() => { _ = tracker.RunStepAsync(1, "again", _ => { ran++; return Task.CompletedTask; }); });
        Assert.Throws<InvalidStatusTransitionException>(() => tracker.RunStep(1, "again", () => ran++));
        await Assert.ThrowsAsync<InvalidOperationException>(() => tracker.RunStepAsync(2, "b", _ =>
        {
            ran++;
            tracker.Complete();
            return Task.CompletedTask;
        }));

        Assert.Equal(1, ran);
        Assert.Equal(["0:1 Executing: a", "0:1 Completed: done", "0:2 Executing: b"], tracker.History());
    }

    [Fact]
    public async Task Lenient_the_work_always_runs_and_the_refusals_are_reported()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        var errors = tracker.RecordErrors();
        tracker.Executing(1, "a");
        tracker.Completed(1, "done");

        var again = await tracker.RunStepAsync(1, "again", _ => Task.FromResult(3));
        var late = tracker.RunStep(2, "b", () =>
        {
            tracker.Complete();
            return 4;
        });

        Assert.Equal((3, 4), (again, late));
        Assert.Equal(["0:1 Executing: a", "0:1 Completed: done", "0:2 Executing: b"], tracker.History());
        Assert.Equal(
        [
            (StatusTrackingErrorKind.InvalidTransition, "Step 1 cannot go from Completed to Executing; the report was dropped."),
            (StatusTrackingErrorKind.InvalidTransition, "Step 1 cannot go from Completed to Completed; the report was dropped."),
            (StatusTrackingErrorKind.ReportAfterCompletion, "Step 2 reported Completed after the tracker completed; it was not recorded."),
        ], errors.Select(e => (e.Kind, e.Message)));
    }

    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public void A_refused_failure_report_never_masks_the_works_exception(StatusValidation validation)
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler(), validation);
        var boom = new IOException("disk full");

        var thrown = Assert.Throws<IOException>(() => tracker.RunStep(1, "Saving.", () =>
        {
            tracker.Complete();
            throw boom;
        }));

        Assert.Same(boom, thrown);
        Assert.Equal(["0:1 Executing: Saving."], tracker.History());
    }

    [Fact]
    public void Strict_a_failure_sentence_over_the_limit_falls_back_to_the_steps_default_sentence()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = new TestScheduler(), Validation = StatusValidation.Strict, MaxDescriptionLength = 16 });

        Assert.Throws<IOException>(() => tracker.RunStep(1, "Saving.", () => throw new IOException(new string('x', 100))));

        Assert.Equal(["0:1 Executing: Saving.", "0:1 Failed: Step 1 failed. [System.IO.IOException]"], tracker.History());
    }

    [Fact]
    public void Null_arguments_throw()
    {
        using var tracker = new ChatStatusTracker();
        ChatStatusTracker none = null!;

        Assert.Throws<ArgumentNullException>("tracker", () => { _ = none.RunStepAsync(1, "a", _ => Task.CompletedTask); });
        Assert.Throws<ArgumentNullException>("tracker", () => { _ = none.RunStepAsync("a", _ => Task.FromResult(1)); });
        Assert.Throws<ArgumentNullException>("tracker", () => none.RunStep(1, "a", () => { }));
        Assert.Throws<ArgumentNullException>("tracker", () => none.RunStep("a", () => 1));
        Assert.Throws<ArgumentNullException>("work", () => { _ = tracker.RunStepAsync(1, "a", (Func<CancellationToken, Task>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = tracker.RunStepAsync(1, "a", (Func<CancellationToken, Task<int>>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => tracker.RunStep(1, "a", (Action)null!));
        Assert.Throws<ArgumentNullException>("work", () => tracker.RunStep(1, "a", (Func<int>)null!));
        Assert.Throws<ArgumentNullException>("work", () => { _ = tracker.RunStepAsync("a", (Func<CancellationToken, Task>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => { _ = tracker.RunStepAsync("a", (Func<CancellationToken, Task<int>>)null!); });
        Assert.Throws<ArgumentNullException>("work", () => tracker.RunStep("a", (Action)null!));
        Assert.Throws<ArgumentNullException>("work", () => tracker.RunStep("a", (Func<int>)null!));
        Assert.Empty(tracker.History);
        Assert.Equal(1, tracker.ReserveStep()); // no number was taken by a refused call
    }
}
