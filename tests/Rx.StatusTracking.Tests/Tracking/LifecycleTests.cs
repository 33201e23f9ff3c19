using Rx.StatusTracking.Tests.Support;
using static Microsoft.Reactive.Testing.ReactiveTest;
using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

public class LifecycleTests
{
    [Fact]
    public void Reset_clears_everything_emits_a_marker_and_the_tracker_is_reusable()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var observer = scheduler.CreateObserver<ChatStatus>();
        tracker.Subscribe(observer);

        scheduler.AdvanceTo(10);
        tracker.Executing(1, "a");
        tracker.Failed(1, "b");
        scheduler.AdvanceTo(20);
        tracker.Reset();

        Assert.Null(tracker.Current);
        Assert.Empty(tracker.History);
        Assert.Empty(tracker.Failures);
        Assert.False(tracker.HasFailures);
        Assert.Equal(ExecutionSummary.Empty, tracker.GetSummary());

        scheduler.AdvanceTo(30);
        tracker.Executing(1, "again");
        scheduler.AdvanceTo(45);
        tracker.Completed(1, "done");

        var marker = new ChatStatus { Step = ChatStatus.ResetStep, Description = ChatStatusMessages.TrackerReset, State = StatusState.Pending, Timestamp = At(20), Sequence = 3, IsReset = true };
        Assert.Equal(
            [
                OnNext(10, Status(1, "a", StatusState.Executing, 10, 1)),
                OnNext(10, Status(1, "b", StatusState.Failed, 10, 2)),
                OnNext(20, marker),
                OnNext(30, Status(1, "again", StatusState.Executing, 30, 4)),
                OnNext(45, Status(1, "done", StatusState.Completed, 45, 5)),
            ],
            observer.Messages);
        Assert.Equal([4L, 5L], tracker.History.Select(s => s.Sequence));
        Assert.Equal(TimeSpan.FromTicks(15), tracker.GetSummary().Duration);
        Assert.Equal(1, tracker.GetSummary().Steps[0].Attempts);
    }

    [Fact]
    public void The_callback_sees_the_reset_marker_too()
    {
        var seen = new List<ChatStatus>();
        using var tracker = new ChatStatusTracker(seen.Add);
        tracker.Pending(1, "x");
        tracker.Reset();

        Assert.Equal([false, true], seen.Select(s => s.IsReset));
    }

    [Fact]
    public void Updating_with_a_reset_marker_resets_so_mirrors_follow_their_source()
    {
        using var source = new ChatStatusTracker();
        using var mirror = new ChatStatusTracker();
        source.Subscribe(s => mirror.Update(s));

        source.Executing(1, "a");
        source.Reset();
        source.Executing(2, "b");

        Assert.Equal([2], mirror.History.Select(s => s.Step));
        Assert.Equal(3, mirror.LastSequence);
    }

    [Fact]
    public void Complete_gives_every_subscriber_OnCompleted_exactly_once()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var first = new GrammarObserver<ChatStatus>();
        var second = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(first);
        tracker.Subscribe(second);
        tracker.Pending(1, "x");

        tracker.Complete();
        tracker.Complete();
        tracker.Dispose();

        Assert.All(new[] { first, second }, o =>
        {
            Assert.Equal(1, o.CompletedCount);
            Assert.Empty(o.Violations);
            Assert.Single(o.Values);
        });
        Assert.True(tracker.IsCompleted);
        Assert.Equal(0, tracker.SubscriberCount);
    }

    [Fact]
    public void Lenient_reports_after_Complete_are_not_recorded_and_are_reported()
    {
        using var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();
        var seen = new List<ChatStatus>();
        tracker.Subscribe(seen.Add);
        tracker.Executing(1, "x");
        tracker.Complete();

        var late = tracker.Completed(1, "late");
        tracker.Reset();

        Assert.Equal(0, late.Sequence);
        Assert.Equal(["x"], tracker.History.Select(s => s.Description));
        Assert.Single(seen);
        Assert.Equal(
            [StatusTrackingErrorKind.ReportAfterCompletion, StatusTrackingErrorKind.ReportAfterCompletion],
            errors.Select(e => e.Kind));
        Assert.Equal("Step 1 reported Completed after the tracker completed; it was not recorded.", errors[0].Message);
        Assert.Equal(1, tracker.GetSummary().ExecutingSteps);
    }

    [Fact]
    public void Strict_reports_after_Complete_throw_and_after_Dispose_throw_ObjectDisposed()
    {
        var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        tracker.Executing(1, "x");
        tracker.Complete();

        Assert.Throws<InvalidOperationException>(() => tracker.Completed(1, "late"));
        Assert.Throws<InvalidOperationException>(tracker.Reset);

        tracker.Dispose();
        Assert.Throws<ObjectDisposedException>(() => tracker.Completed(1, "late"));
        Assert.Single(tracker.History);
    }

    [Fact]
    public void The_summary_duration_ends_at_Complete()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        scheduler.AdvanceTo(100);
        tracker.Executing(1, "x");
        scheduler.AdvanceTo(150);
        tracker.Completed(1, "y");
        scheduler.AdvanceTo(400);
        tracker.Complete();
        scheduler.AdvanceTo(900);

        Assert.Equal(TimeSpan.FromTicks(300), tracker.GetSummary().Duration);
        Assert.Equal(At(400), tracker.CompletedAt);
    }

    [Fact]
    public void Completed_at_a_time_given_the_summary_ends_there_but_never_before_the_last_status()
    {
        var scheduler = new TestScheduler();
        using var mirror = OnTestScheduler(scheduler);
        using var late = OnTestScheduler(scheduler);
        mirror.Import(Status(1, "x", StatusState.Executing, 100, 1));
        mirror.Import(Status(1, "y", StatusState.Completed, 150, 2));
        late.Import(Status(1, "x", StatusState.Executing, 100, 1));
        late.Import(Status(1, "y", StatusState.Completed, 150, 2));
        scheduler.AdvanceTo(5_000);
        Assert.Null(mirror.CompletedAt);

        mirror.Complete(At(400));
        mirror.Complete(At(600));
        late.Complete(At(120));

        Assert.Equal((At(400), TimeSpan.FromTicks(300)), (mirror.CompletedAt, mirror.GetSummary().Duration));
        Assert.Equal((At(150), TimeSpan.FromTicks(50)), (late.CompletedAt, late.GetSummary().Duration));
        Assert.True(mirror.IsCompleted);
    }

    [Fact]
    public void Subscribing_after_Complete_completes_at_once_and_WithHistory_replays_first()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "a");
        tracker.Completed(1, "b");
        tracker.Complete();

        var plain = new GrammarObserver<ChatStatus>();
        var withHistory = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(plain);
        tracker.WithHistory().Subscribe(withHistory);

        Assert.Empty(plain.Values);
        Assert.Equal(1, plain.CompletedCount);
        Assert.Equal(["a", "b"], withHistory.Values.Select(s => s.Description));
        Assert.Equal(1, withHistory.CompletedCount);
    }

    [Fact]
    public void Dispose_completes_statuses_and_errors_and_releases_subscriptions()
    {
        var tracker = new ChatStatusTracker();
        var statuses = new GrammarObserver<ChatStatus>();
        var errors = new GrammarObserver<StatusTrackingError>();
        tracker.Subscribe(statuses);
        tracker.Errors.Subscribe(errors);

        tracker.Dispose();
        tracker.Dispose();
        tracker.Pending(1, "ignored");

        Assert.Equal(1, statuses.CompletedCount);
        Assert.Equal(1, errors.CompletedCount);
        Assert.Equal(0, tracker.SubscriberCount);
        Assert.Empty(tracker.History);

        var late = new GrammarObserver<StatusTrackingError>();
        tracker.Errors.Subscribe(late);
        Assert.Equal(1, late.CompletedCount);
    }

    [Fact]
    public void Errors_is_hot()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Pending(-1, "before anyone listened");
        var errors = tracker.RecordErrors();
        tracker.Pending(-1, "after");

        Assert.Single(errors);
    }

    [Fact]
    public void Completion_completes_once_the_tracker_completes_after_its_subscribers_were_told()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var seen = new List<string>();
        tracker.Subscribe(_ => { }, () => seen.Add("subscriber completed"));
        tracker.Completion.ContinueWith(_ => seen.Add("completion"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        tracker.Executing(1, "Running.");
        Assert.False(tracker.Completion.IsCompleted);

        tracker.Complete();
        tracker.Complete();

        Assert.Equal(TaskStatus.RanToCompletion, tracker.Completion.Status);
        Assert.Equal(["subscriber completed", "completion"], seen);
    }

    [Fact]
    public void Disposing_completes_it_too()
    {
        var tracker = new ChatStatusTracker();

        tracker.Dispose();

        Assert.Equal(TaskStatus.RanToCompletion, tracker.Completion.Status);
    }
}
