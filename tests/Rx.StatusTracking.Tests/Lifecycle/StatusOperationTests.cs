using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Lifecycle;

public class StatusOperationTests
{
    [Fact]
    public void A_successful_scope_ends_its_open_steps_and_completes_on_dispose()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        ChatStatusTracker tracker;
        using (var operation = hub.Start("turn-1"))
        {
            tracker = operation.Tracker;
            Assert.Equal("turn-1", operation.OperationId);
            tracker.Executing(1, "Answering.");
            scheduler.AdvanceBy(9);
            operation.Succeed();
            Assert.False(tracker.IsCompleted);
        }

        Assert.True(tracker.IsCompleted);
        Assert.Equal(["0:1 Executing: Answering.", "9:1 Failed: Step 1 did not finish: the operation ended first."], tracker.History());
    }

    [Fact]
    public void A_scope_disposed_without_success_records_a_failure_once()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        var idle = hub.Start("idle");
        var running = hub.Start("running");
        var failed = hub.Start("failed");
        var waiting = hub.Start("waiting");
        idle.Tracker.Executing(1, "a");
        idle.Tracker.Completed(1, "b");
        running.Tracker.Executing(1, "a");
        failed.Tracker.Executing(1, "a");
        failed.Tracker.Failed(1, "lost");
        waiting.Tracker.Pending(1, "a");
        scheduler.AdvanceBy(2);

        idle.Dispose();
        running.Dispose();
        failed.Dispose();
        waiting.Dispose();

        Assert.Equal(["0:1 Executing: a", "0:1 Completed: b", "2:2 Failed: The operation failed: it ended without success."], idle.Tracker.History());
        Assert.Equal(["0:1 Executing: a", "2:1 Failed: Step 1 did not finish: the operation ended without success."], running.Tracker.History());
        Assert.Equal(["0:1 Executing: a", "0:1 Failed: lost"], failed.Tracker.History());
        Assert.Equal(["0:1 Pending: a", "2:1 Failed: Step 1 did not run: the operation ended without success."], waiting.Tracker.History());
        Assert.Equal(0, hub.ActiveCount);
    }

    [Fact]
    public async Task Fail_records_the_exception_as_RunAsync_does_and_a_cancellation_as_one()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        var broken = hub.Start("broken");
        var cancelled = hub.Start("cancelled");
        await using (broken)
        await using (cancelled)
        {
            broken.Tracker.Executing(1, "a");
            broken.Succeed();
            broken.Fail(new IOException("disk full")); // the latest mark counts
            cancelled.Tracker.Executing(1, "a");
            cancelled.Fail(new OperationCanceledException());
        }

        Assert.Equal(["0:1 Executing: a", "0:1 Failed: Step 1 failed: disk full. [System.IO.IOException]"], broken.Tracker.History());
        Assert.Equal(["0:1 Executing: a", "0:1 Failed: Step 1 was cancelled. [System.OperationCanceledException]"], cancelled.Tracker.History());
    }

    [Fact]
    public async Task Fail_with_the_works_token_reads_a_cancellation_only_when_that_token_was_cancelled()
    {
        var scheduler = new TestScheduler();
        using var hub = Lines.Hub(scheduler);
        using var cancelledToken = new CancellationTokenSource();
        cancelledToken.Cancel();
        var timedOut = hub.Start("timed-out");
        var cancelled = hub.Start("cancelled");
        await using (timedOut)
        await using (cancelled)
        {
            // An HttpClient timeout: an OperationCanceledException while the work's own token is not cancelled.
            timedOut.Tracker.Executing(1, "a");
            timedOut.Fail(new TaskCanceledException("The request timed out."), CancellationToken.None);
            cancelled.Tracker.Executing(1, "a");
            cancelled.Fail(new OperationCanceledException(cancelledToken.Token), cancelledToken.Token);
        }

        Assert.Equal(["0:1 Executing: a", "0:1 Failed: Step 1 failed: The request timed out. [System.Threading.Tasks.TaskCanceledException]"], timedOut.Tracker.History());
        Assert.Equal(["0:1 Executing: a", "0:1 Failed: Step 1 was cancelled. [System.OperationCanceledException]"], cancelled.Tracker.History());
    }

    [Theory]
    [InlineData(StatusValidation.Lenient)]
    [InlineData(StatusValidation.Strict)]
    public void Dispose_is_idempotent_and_marks_after_it_are_refused(StatusValidation validation)
    {
        using var hub = Lines.Hub(new TestScheduler(), validation);
        var operation = hub.Start("turn-1");
        operation.Tracker.Complete(); // the work completed it itself: nothing more is recorded

        operation.Dispose();
        operation.Dispose();

        Assert.Empty(operation.Tracker.History);
        Assert.Throws<ObjectDisposedException>(operation.Succeed);
        Assert.Throws<ObjectDisposedException>(() => operation.Fail(new IOException()));
        Assert.Throws<ArgumentNullException>("error", () => operation.Fail(null!));
    }
}
