using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Hosting;

public class StatusHubTests
{
    private static StatusHub OnTestScheduler(TestScheduler scheduler, int maxOperations = 1_000, long retentionTicks = 50) =>
        new(new StatusHubOptions { Scheduler = scheduler, MaxOperations = maxOperations, CompletedRetention = TimeSpan.FromTicks(retentionTicks) });

    private static string Show(OperationEvent e) => $"{e.Timestamp.Ticks}:{e.Kind}:{e.OperationId}";

    [Fact]
    public void Operations_are_created_found_and_refused_when_their_id_is_bad()
    {
        using var hub = new StatusHub();
        var tracker = hub.Create("chat-1");

        Assert.True(hub.TryGet("chat-1", out var found));
        Assert.Same(tracker, found);
        Assert.False(hub.TryGet("chat-2", out _));
        Assert.False(hub.TryGet(null!, out _));
        Assert.Throws<ArgumentNullException>("operationId", () => hub.Create(null!));
        Assert.Throws<ArgumentException>("operationId", () => hub.Create(""));
        Assert.Throws<ArgumentException>("operationId", () => hub.Create("  "));
        Assert.Throws<ArgumentException>("operationId", () => hub.Create(new string('x', 129)));
        Assert.Throws<ArgumentException>("operationId", () => hub.Create("bad\nid"));
        var duplicate = Assert.Throws<OperationExistsException>("operationId", () => hub.Create("chat-1"));
        Assert.Equal("An operation with id 'chat-1' already exists. (Parameter 'operationId')", duplicate.Message);
        Assert.Equal("chat-1", duplicate.OperationId);
        Assert.Equal(["chat-1"], hub.OperationIds);
    }

    [Fact]
    public void Invalid_options_fail_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>("MaxOperations", () => new StatusHub(new() { MaxOperations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>("CompletedRetention", () => new StatusHub(new() { CompletedRetention = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>("MaxOperationIdLength", () => new StatusHub(new() { MaxOperationIdLength = 0 }));
        Assert.Throws<ArgumentNullException>("Scheduler", () => new StatusHub(new() { Scheduler = null! }));
        Assert.Throws<ArgumentOutOfRangeException>("HistoryLimit", () => new StatusHub(new() { HistoryLimit = 0 }));
    }

    [Fact]
    public void Completed_operations_are_evicted_after_the_retention_at_exact_virtual_times()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler, retentionTicks: 50);
        var events = new List<string>();
        hub.Events.Subscribe(e => events.Add(Show(e)));

        scheduler.AdvanceTo(10);
        var a = hub.Create("a");
        scheduler.AdvanceTo(20);
        hub.Create("b");
        scheduler.AdvanceTo(100);
        a.Complete();
        scheduler.AdvanceTo(149);
        Assert.True(hub.TryGet("a", out _));
        scheduler.AdvanceTo(150);

        Assert.False(hub.TryGet("a", out _));
        Assert.True(a.IsCompleted);
        Assert.Equal(["10:Added:a", "20:Added:b", "100:Completed:a", "150:Evicted:a"], events);
        Assert.Equal(["b"], hub.OperationIds);
    }

    [Fact]
    public void When_full_the_oldest_completed_operation_makes_room_and_running_ones_are_never_dropped()
    {
        var scheduler = new TestScheduler();
        using var hub = OnTestScheduler(scheduler, maxOperations: 2, retentionTicks: 1_000);
        var events = new List<string>();
        hub.Events.Subscribe(e => events.Add(Show(e)));
        scheduler.AdvanceTo(10);
        var a = hub.Create("a");
        var b = hub.Create("b");

        var full = Assert.Throws<StatusHubFullException>(() => hub.Create("c"));
        Assert.Equal(("c", 2), (full.OperationId, full.MaxOperations));

        scheduler.AdvanceTo(20);
        b.Complete();
        scheduler.AdvanceTo(30);
        a.Complete();
        scheduler.AdvanceTo(40);
        hub.Create("c");

        Assert.Equal(["a", "c"], hub.OperationIds);
        Assert.Equal(["10:Added:a", "10:Added:b", "20:Completed:b", "30:Completed:a", "40:Evicted:b", "40:Added:c"], events);
    }

    [Fact]
    public void A_thousand_operations_with_interleaved_updates_reach_the_merged_stream_with_their_ids()
    {
        using var hub = new StatusHub();
        var seen = new GrammarObserver<OperationStatus>();
        using (hub.Statuses.Subscribe(seen))
        {
            var trackers = Enumerable.Range(0, 1_000).Select(i => hub.Create($"op-{i}")).ToArray();
            Parallel.For(0, 4, worker =>
            {
                for (var round = 0; round < 3; round++)
                {
                    for (var i = worker; i < trackers.Length; i += 4)
                    {
                        _ = round switch
                        {
                            0 => trackers[i].Pending(1, "queued"),
                            1 => trackers[i].Executing(1, "running"),
                            _ => trackers[i].Completed(1, "done"),
                        };
                    }
                }
            });

            Assert.Equal(1_000, hub.TrackerSubscriptionCount);
        }

        Assert.Empty(seen.Violations);
        Assert.Equal(3_000, seen.Values.Count);
        foreach (var operation in seen.Values.GroupBy(s => s.OperationId))
        {
            Assert.Equal([StatusState.Pending, StatusState.Executing, StatusState.Completed], operation.Select(s => s.Status.State));
            Assert.Equal([1L, 2L, 3L], operation.Select(s => s.Status.Sequence));
        }

        Assert.Equal(1_000, seen.Values.Select(s => s.OperationId).Distinct().Count());
    }

    [Fact]
    public void After_every_listener_leaves_the_hub_holds_no_subscription()
    {
        using var hub = new StatusHub();
        var early = hub.Create("early");
        var first = hub.Statuses.Subscribe(_ => { });
        var second = hub.Statuses.Subscribe(_ => { });
        var late = hub.Create("late");
        Assert.Equal(2, hub.TrackerSubscriptionCount);
        Assert.Equal(1, early.SubscriberCount);

        first.Dispose();
        Assert.Equal(2, hub.TrackerSubscriptionCount);
        second.Dispose();

        Assert.Equal(0, hub.TrackerSubscriptionCount);
        Assert.Equal(0, early.SubscriberCount);
        Assert.Equal(0, late.SubscriberCount);
    }

    [Fact]
    public void A_throwing_subscriber_is_reported_and_does_not_disturb_others()
    {
        using var hub = new StatusHub();
        var errors = new List<StatusTrackingError>();
        hub.Errors.Subscribe(errors.Add);
        hub.Statuses.Subscribe(_ => throw new InvalidOperationException("listener bug"));
        var healthy = new GrammarObserver<OperationStatus>();
        hub.Statuses.Subscribe(healthy);
        var tracker = hub.Create("a");

        tracker.Pending(1, "x");
        tracker.Executing(1, "y");

        Assert.Equal(2, healthy.Values.Count);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(StatusTrackingErrorKind.SubscriberFailed, e.Kind));
        Assert.IsType<InvalidOperationException>(errors[0].Exception);
    }

    [Fact]
    public void Dispose_evicts_everything_and_completes_both_streams()
    {
        var hub = new StatusHub();
        var tracker = hub.Create("a");
        var statuses = new GrammarObserver<OperationStatus>();
        var events = new GrammarObserver<OperationEvent>();
        hub.Statuses.Subscribe(statuses);
        hub.Events.Subscribe(events);

        hub.Dispose();
        hub.Dispose();

        Assert.True(tracker.IsCompleted);
        Assert.Equal(0, hub.Count);
        Assert.Equal(1, statuses.CompletedCount);
        Assert.Equal(1, events.CompletedCount);
        Assert.Equal([OperationEventKind.Evicted], events.Values.Select(e => e.Kind));
        Assert.Throws<ObjectDisposedException>(() => hub.Create("b"));
    }
}
