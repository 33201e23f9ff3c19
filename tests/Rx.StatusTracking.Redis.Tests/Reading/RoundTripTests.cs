using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Reading;

[Collection(SharedRedisCollection.Name)]
public sealed class RoundTripTests(SharedRedis redis)
{
    [RedisFact]
    public async Task What_the_consumer_observes_equals_what_the_producer_recorded()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var tracker = new ChatStatusTracker();
        var recorded = new List<ChatStatus>();
        tracker.Subscribe(recorded.Add);
        using var publishing = publisher.Publish("turn-1", tracker);

        Scripts.ChatTurnWithRetryAndReset(tracker);
        tracker.Complete();
        var observed = await source.Observe("turn-1").ToList().Timeout(Scripts.Bound);

        Assert.Equal(12, recorded.Count);
        Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(observed));
        Assert.Equal(recorded.Select(s => s.Sequence), observed.Select(s => s.Sequence));
        Assert.Equal(recorded.Select(s => s.Error), observed.Select(s => s.Error));
        Assert.True(observed[2].IsReset);
        Assert.Equal(12, publisher.PublishedCount);
    }

    [RedisFact]
    public async Task A_long_history_goes_out_in_several_pipelined_script_calls_and_arrives_whole_and_in_order()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = 5_000 });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, ReadBatchSize = 100 });
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 2_000 });
        for (var step = 1; step <= 1_000; step++)
        {
            tracker.Executing(step, $"step {step}", new { step });
            tracker.Completed(step, $"step {step} done");
        }

        tracker.Complete();
        using var publishing = publisher.Publish("long", tracker);
        var observed = await source.Observe("long").ToList().Timeout(Scripts.Bound);

        Assert.Equal(Scripts.AsJson(tracker.History), Scripts.AsJson(observed));
        Assert.Equal(2_000, publisher.PublishedCount);
    }

    [RedisFact]
    public async Task Reporting_fast_while_the_writer_is_busy_never_disturbs_the_trackers_delivery()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = 50_000 });
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 100 });
        var faults = new List<StatusTrackingError>();
        using var watching = tracker.Errors.Subscribe(e => { lock (faults) { faults.Add(e); } });
        using var publishing = publisher.Publish("fast", tracker);

        // Bursts, so that wake-ups keep landing while the writer is between batches and while it sends: none may
        // fail the publisher's subscriber.
        for (var i = 0; i < 20_000; i++)
        {
            tracker.Executing(i % 20, $"update {i}");
            if (i % 100 == 99)
            {
                await Task.Delay(1);
            }
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        lock (faults)
        {
            Assert.DoesNotContain(faults, e => e.Kind is StatusTrackingErrorKind.SubscriberFailed or StatusTrackingErrorKind.CallbackFailed);
        }

        Assert.Equal(20_000, publisher.PublishedCount);
    }

    [RedisFact]
    public async Task A_live_reader_follows_appends_and_completes_at_the_marker()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        // A poll far longer than the test: only the notifications can move the reader along.
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, PollInterval = TimeSpan.FromMinutes(5) });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("live", tracker);
        var observed = new List<ChatStatus>();
        var completed = new TaskCompletionSource();
        using var reading = source.Observe("live").Subscribe(s => { lock (observed) { observed.Add(s); } }, () => completed.SetResult());

        for (var step = 1; step <= 5; step++)
        {
            tracker.Executing(step, $"step {step}");
            var sequence = tracker.LastSequence;
            await WaitUntil(() => { lock (observed) { return observed.Count > 0 && observed[^1].Sequence == sequence; } });
            tracker.Completed(step, $"step {step} done");
        }

        tracker.Complete();
        await completed.Task.WaitAsync(Scripts.Bound);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), observed.Select(s => s.Sequence));
    }

    [RedisFact]
    public async Task Resuming_after_a_sequence_delivers_only_what_came_after_it()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("resume", tracker);
        Scripts.ChatTurnWithRetryAndReset(tracker);
        tracker.Complete();

        var observed = await source.Observe("resume", afterSequence: 9).ToList().Timeout(Scripts.Bound);
        var atTheEnd = await source.Observe("resume", afterSequence: 12).ToList().Timeout(Scripts.Bound);

        Assert.Equal([10L, 11L, 12L], observed.Select(s => s.Sequence));
        Assert.Empty(atTheEnd);
    }

    [RedisFact]
    public async Task Completion_sets_the_expiry_and_the_index_lets_expired_operations_go()
    {
        var prefix = SharedRedis.NewPrefix();
        var expiry = TimeSpan.FromSeconds(2);
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, CompletedExpiry = expiry });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        var database = redis.Connection.GetDatabase();
        using var first = new ChatStatusTracker();
        using var running = new ChatStatusTracker();
        using var a = publisher.Publish("first", first);
        using var b = publisher.Publish("running", running);
        first.Completed(1, "done");
        running.Executing(1, "working");
        first.Complete();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        var ttl = await database.KeyTimeToLiveAsync($"{prefix}:first");
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), expiry);
        Assert.Null(await database.KeyTimeToLiveAsync($"{prefix}:running"));
        Assert.Equal(["first", "running"], (await source.GetOperationIdsAsync()).Order());

        await WaitUntil(async () => !await database.KeyExistsAsync($"{prefix}:first"));
        Assert.Equal(["running"], await source.GetOperationIdsAsync());

        // The next completion prunes the index itself, so it does not grow with expired operations.
        running.Complete();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(["running"], (await database.SortedSetRangeByRankAsync(prefix)).Select(v => v.ToString()));
    }

    internal static Task WaitUntil(Func<bool> condition) => WaitUntil(() => Task.FromResult(condition()));

    internal static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Scripts.Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(10);
        }
    }
}
