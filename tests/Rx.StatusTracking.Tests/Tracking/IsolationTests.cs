using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Tracking;

public class IsolationTests
{
    [Fact]
    public void A_throwing_subscriber_does_not_disturb_another_and_is_reported()
    {
        using var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();
        var boom = new InvalidOperationException("subscriber bug");
        tracker.Subscribe(_ => throw boom);
        var healthy = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(healthy);

        var first = tracker.Executing(1, "a");
        var second = tracker.Completed(1, "b");

        Assert.Equal([first, second], healthy.Values);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal(StatusTrackingErrorKind.SubscriberFailed, e.Kind);
            Assert.Same(boom, e.Exception);
        });
        Assert.Equal([first, second], errors.Select(e => e.Status));
        Assert.Equal(2, tracker.SubscriberCount);
    }

    [Fact]
    public void A_throwing_callback_never_reaches_the_producer()
    {
        var tracker = new ChatStatusTracker(_ => throw new FormatException("callback bug"));
        var errors = tracker.RecordErrors();
        var healthy = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(healthy);

        var recorded = tracker.Executing(1, "a");

        Assert.Single(healthy.Values);
        var error = Assert.Single(errors);
        Assert.Equal(StatusTrackingErrorKind.CallbackFailed, error.Kind);
        Assert.IsType<FormatException>(error.Exception);
        Assert.Same(recorded, error.Status);
        tracker.Dispose();
    }

    [Fact]
    public void A_subscriber_throwing_from_OnCompleted_is_reported_and_others_complete()
    {
        var tracker = new ChatStatusTracker();
        var errors = tracker.RecordErrors();
        tracker.Subscribe(_ => { }, () => throw new InvalidOperationException("completion bug"));
        var healthy = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(healthy);

        tracker.Complete();

        Assert.Equal(1, healthy.CompletedCount);
        Assert.Equal(StatusTrackingErrorKind.SubscriberFailed, Assert.Single(errors).Kind);
        tracker.Dispose();
    }

    [Fact]
    public void A_throwing_Errors_subscriber_does_not_break_anything()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Errors.Subscribe(_ => throw new InvalidOperationException("errors bug"));
        var errors = tracker.RecordErrors();

        tracker.Pending(-1, "x");
        tracker.Pending(-2, "y");

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_subscriber_that_reports_from_OnNext_gets_its_report_after_the_current_one_in_order()
    {
        using var tracker = new ChatStatusTracker();
        var observer = new GrammarObserver<ChatStatus>
        {
            OnEach = s =>
            {
                if (s is { Step: 1, State: StatusState.Completed })
                {
                    var returned = tracker.Executing(2, "started by a subscriber");
                    Assert.Equal(3, returned.Sequence);
                }
            },
        };
        var second = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(observer);
        tracker.Subscribe(second);

        tracker.Executing(1, "a");
        tracker.Completed(1, "b");

        Assert.Equal([1L, 2L, 3L], observer.Values.Select(s => s.Sequence));
        Assert.Equal([1L, 2L, 3L], second.Values.Select(s => s.Sequence));
        Assert.Empty(observer.Violations);
    }

    [Fact]
    public void A_WithHistory_subscriber_joining_while_a_status_is_queued_sees_it_once()
    {
        using var tracker = new ChatStatusTracker();
        var late = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(s =>
        {
            if (s.Sequence == 2)
            {
                // Recorded now, queued behind the status being delivered, and so already in the history.
                tracker.Completed(1, "queued");
                tracker.WithHistory().Subscribe(late);
            }
        });

        tracker.Executing(1, "a");
        tracker.Executing(1, "b");
        tracker.Pending(2, "live");

        Assert.Equal([1L, 2L, 3L, 4L], late.Values.Select(s => s.Sequence));
        Assert.Empty(late.Violations);
    }

    [Fact]
    public void Subscribing_and_disposing_from_OnNext_is_safe()
    {
        using var tracker = new ChatStatusTracker();
        var late = new GrammarObserver<ChatStatus>();
        IDisposable? self = null;
        self = tracker.Subscribe(s =>
        {
            tracker.Subscribe(late);
            self!.Dispose();
        });

        tracker.Pending(1, "a");
        tracker.Executing(1, "b");

        Assert.Equal(["b"], late.Values.Select(s => s.Description));
        Assert.Equal(1, tracker.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_taking_a_lock_held_by_a_reporting_thread_cannot_deadlock()
    {
        // The ABBA shape that deadlocked DynamicData: thread A holds the app's lock and reports;
        // thread B reports, and the subscriber (running on B) takes the app's lock.
        using var tracker = new ChatStatusTracker();
        var appLock = new object();
        var delivered = 0;
        tracker.Subscribe(_ =>
        {
            lock (appLock)
            {
                delivered++;
            }
        });

        const int reports = 20_000;
        var a = Task.Run(() =>
        {
            for (var i = 0; i < reports; i++)
            {
                lock (appLock)
                {
                    tracker.Executing(1, "a");
                }
            }
        });
        var b = Task.Run(() =>
        {
            for (var i = 0; i < reports; i++)
            {
                tracker.Executing(2, "b");
            }
        });

        // A deadlock shows as a TimeoutException here.
        await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(60));
        lock (appLock)
        {
            Assert.Equal(2 * reports, delivered);
        }
    }
}
