using System.Linq;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Rx.StatusTracking.Internal;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Bridges;

public class AsyncEnumerableTests
{
    private static async Task<List<string>> ReadAll(IAsyncEnumerator<ChatStatus> reader)
    {
        var seen = new List<string>();
        while (await reader.MoveNextAsync())
        {
            seen.Add($"{reader.Current.Sequence}:{reader.Current.Step} {reader.Current.State} {reader.Current.Description}");
        }

        return seen;
    }

    [Fact]
    public async Task A_tracker_streams_its_live_statuses_from_the_start_of_the_enumeration_and_ends_with_it()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        tracker.Executing(1, "before");
        var stream = tracker.ToAsyncEnumerable();
        tracker.Completed(1, "still before");

        await using var reader = stream.GetAsyncEnumerator();
        tracker.Executing(2, "b");
        tracker.Completed(2, "b done");
        tracker.Complete();

        Assert.Equal(["3:2 Executing b", "4:2 Completed b done"], await ReadAll(reader));
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task With_history_it_replays_then_goes_live_without_a_gap()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        tracker.Executing(1, "a");
        tracker.Completed(1, "a done");

        await using var reader = tracker.WithHistory().ToAsyncEnumerable().GetAsyncEnumerator();
        var first = await reader.MoveNextAsync();
        var waiting = reader.MoveNextAsync().AsTask();
        var second = await waiting;
        var third = reader.MoveNextAsync().AsTask();
        Assert.False(third.IsCompleted);
        tracker.Executing(2, "b");
        tracker.Complete();

        Assert.True(first && second && await third);
        Assert.Equal(3, reader.Current.Sequence);
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task A_full_buffer_conflates_superseded_statuses_and_keeps_every_ending_and_the_last_status()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        await using var reader = tracker.ToAsyncEnumerable(bufferCapacity: 2).GetAsyncEnumerator();

        tracker.Executing(1, "a1");
        tracker.Executing(1, "a2");
        tracker.Executing(1, "a3");
        tracker.Executing(2, "b1");
        tracker.Completed(1, "a done");
        tracker.Complete();

        Assert.Equal(["4:2 Executing b1", "5:1 Completed a done"], await ReadAll(reader));
    }

    [Fact]
    public async Task Past_twice_the_capacity_new_updates_are_refused_but_endings_never_are()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        await using var reader = tracker.ToAsyncEnumerable(bufferCapacity: 1).GetAsyncEnumerator();

        for (var step = 1; step <= 5; step++)
        {
            tracker.Executing(step, $"s{step}");
        }

        tracker.Completed(4, "4 done");
        tracker.Failed(5, "5 failed");
        tracker.Complete();

        Assert.Equal(["1:1 Executing s1", "2:2 Executing s2", "6:4 Completed 4 done", "7:5 Failed 5 failed"], await ReadAll(reader));
    }

    [Fact]
    public async Task An_error_of_the_source_is_thrown_after_the_statuses_before_it()
    {
        var source = new Subject<ChatStatus>();
        var boom = new InvalidDataException("the feed broke");
        await using var reader = source.ToAsyncEnumerable().GetAsyncEnumerator();

        source.OnNext(Trackers.Status(1, "a", StatusState.Executing, 0, 1));
        source.OnError(boom);
        source.OnNext(Trackers.Status(1, "late", StatusState.Executing, 0, 2));

        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("a", reader.Current.Description);
        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => reader.MoveNextAsync().AsTask());
        Assert.Same(boom, thrown);
    }

    [Fact]
    public async Task The_enumerations_token_cancels_a_waiting_move_and_every_later_one()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        using var cancel = new CancellationTokenSource();
        var reader = tracker.ToAsyncEnumerable().GetAsyncEnumerator(cancel.Token);

        var waiting = reader.MoveNextAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        tracker.Executing(1, "buffered, but the enumeration is cancelled");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.MoveNextAsync().AsTask());

        Assert.Equal(cancel.Token, cancelled.CancellationToken);
        Assert.Equal(1, tracker.SubscriberCount);
        await reader.DisposeAsync();
        await reader.DisposeAsync();
        Assert.Equal(0, tracker.SubscriberCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reader.MoveNextAsync().AsTask());
    }

    [Fact]
    public async Task Await_foreach_with_cancellation_unsubscribes_when_it_leaves()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        using var cancel = new CancellationTokenSource();
        var seen = new List<string>();
        var stream = tracker.WithHistory().ToAsyncEnumerable();
        tracker.Executing(1, "a");
        tracker.Executing(1, "b");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var status in stream.WithCancellation(cancel.Token))
            {
                seen.Add(status.Description);
                Assert.Equal(1, tracker.SubscriberCount);
                if (seen.Count == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(["a", "b"], seen);
        Assert.Equal(0, tracker.SubscriberCount);
    }

    [Fact]
    public async Task The_consumer_never_runs_on_the_reporting_thread()
    {
        using var tracker = Trackers.OnTestScheduler(new TestScheduler());
        await using var reader = tracker.ToAsyncEnumerable().GetAsyncEnumerator();
        var consumerThread = 0;
        var moved = reader.MoveNextAsync().AsTask().ContinueWith(
            _ => consumerThread = Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var producer = new Thread(() => tracker.Executing(1, "a"));
        producer.Start();
        producer.Join();
        await moved;

        Assert.NotEqual(0, consumerThread);
        Assert.NotEqual(producer.ManagedThreadId, consumerThread);
    }

    [Fact]
    public void With_System_Reactive_Linq_and_System_Linq_in_scope_the_call_binds_to_this_library()
    {
        using var tracker = new ChatStatusTracker();

        // Rx 7 has no ToAsyncEnumerable on IObservable and the BCL's takes an IEnumerable; System.Interactive.Async
        // (referenced by this project) has a generic one on IObservable<T> in System.Linq, which would take the first call
        // if ours had an optional parameter. Every call binds to ours.
        Assert.IsType<StatusAsyncStream>(ConsumerApp.ConsumerCalls.Live(tracker));
        Assert.IsType<StatusAsyncStream>(ConsumerApp.ConsumerCalls.WithHistory(tracker));
        Assert.IsType<StatusAsyncStream>(ConsumerApp.ConsumerCalls.Terminal(tracker));
        Assert.Equal("System.Linq", ConsumerApp.ConsumerCalls.Numbers().GetType().Namespace);
    }

    [Fact]
    public void Bad_arguments_throw_when_the_stream_is_made()
    {
        using var tracker = new ChatStatusTracker();

        Assert.Throws<ArgumentNullException>("source", () => ((IObservable<ChatStatus>)null!).ToAsyncEnumerable());
        Assert.Throws<ArgumentOutOfRangeException>("bufferCapacity", () => tracker.ToAsyncEnumerable(0));
        Assert.Throws<ArgumentOutOfRangeException>("bufferCapacity", () => tracker.ToAsyncEnumerable(-1));
        Assert.Equal(0, tracker.SubscriberCount);
    }
}
