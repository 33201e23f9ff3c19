using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>How the publisher's <see cref="RedisStatusPublisher.Errors"/> reaches its subscribers.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class ErrorDeliveryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_throwing_errors_subscriber_hides_no_error_from_the_next_one()
    {
        var prefix = SharedRedis.NewPrefix();
        // Something else holds the operation's key, so Redis refuses the first write to it: the stream is marked broken,
        // reported once, and the second write is not attempted (nothing may land past what is missing).
        await redis.Connection.GetDatabase().StringSetAsync($"{prefix}:taken", "not a stream");
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        var thrown = 0;
        using var throwing = publisher.Errors.Subscribe(_ =>
        {
            Interlocked.Increment(ref thrown);
            throw new InvalidOperationException("A broken log sink.");
        });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("taken", tracker);

        tracker.Executing(1, "first write");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        tracker.Completed(1, "second write");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        var seen = await log.CompletedAsync();

        var refused = Assert.Single(seen);
        Assert.Equal(RedisStatusErrorKind.WriteRefused, refused.Kind);
        Assert.Equal("taken", refused.OperationId);
        // Redis's words, without where in the library's script it raised them (the exception keeps that).
        Assert.Equal(
            "Redis refused a write for operation 'taken' (WRONGTYPE Operation against a key holding the wrong kind of value); retrying cannot help, so its stream is left as it is and nothing more is written to it.",
            refused.Message);
        Assert.Contains("@user_script:", refused.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(1, Volatile.Read(ref thrown));
        Assert.Equal("not a stream", await redis.Connection.GetDatabase().StringGetAsync($"{prefix}:taken"));
    }

    [RedisFact]
    public async Task An_errors_subscriber_that_blocks_never_blocks_the_producer_and_then_gets_every_report_in_order()
    {
        const int maxOutbox = 10;
        const int updates = 1_000;
        const int firsts = 1_000;
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = maxOutbox });
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = updates + firsts });
        using var publishing = publisher.Publish("flood", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        using var sink = new StalledSink(publisher.Errors);
        using var log = new ReportLog(publisher.Errors);
        using var writer = await HeldWriter.HoldAsync(publisher);

        // The producer floods the held outbox: updates of one step conflate, then the first updates of new steps pass
        // the hard limit and drop. Every report of both is made on the producer's thread.
        var producer = new Thread(() =>
        {
            for (var i = 0; i < updates; i++)
            {
                tracker.Executing(1, "working");
            }

            for (var step = 2; step < firsts + 2; step++)
            {
                tracker.Executing(step, "started");
            }
        });
        bool returned;
        try
        {
            producer.Start();
            returned = producer.Join(Scripts.Bound);
            await sink.Stalled.WaitAsync(Scripts.Bound);
        }
        finally
        {
            sink.Release();
        }

        Assert.True(returned, "The producer was held by the Errors subscriber.");

        // 990 updates gave way while the outbox filled, then 9 more to the first new steps; 981 found it at twice its limit.
        Assert.Equal(updates - 1, publisher.ConflatedCount);
        Assert.Equal(firsts - 19, publisher.DroppedCount);
        writer.Release();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        var reports = await log.CompletedAsync();

        long[] conflated = [1, .. Enumerable.Range(1, 99).Select(k => k * 10L)];
        long[] dropped = [1, .. Enumerable.Range(1, 98).Select(k => k * 10L)];
        Assert.Equal(
            [.. conflated.Select(c => (RedisStatusErrorKind.StatusesConflated, c)), .. dropped.Select(d => (RedisStatusErrorKind.StatusesDropped, d))],
            reports.Select(e => (e.Kind, e.Count)));
        Assert.All(reports, e => Assert.Equal("flood", e.OperationId));
        Assert.Equal(reports, sink.Received);
    }

    [RedisFact]
    public async Task A_subscriber_that_waits_for_a_report_into_the_publisher_does_not_deadlock_and_sees_one_error_at_a_time()
    {
        var prefix = SharedRedis.NewPrefix();
        // An outbox of one, held: each status after the first makes the one before it give way, and that is reported.
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = 1 });
        using var other = new ChatStatusTracker();
        using var publishingOther = publisher.Publish("other", other);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        using var log = new ReportLog(publisher.Errors);

        var depth = 0;
        var deepest = 0;
        var waited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watching = publisher.Errors.Subscribe(e =>
        {
            deepest = Math.Max(deepest, Interlocked.Increment(ref depth));
            if (e.Count == 1)
            {
                // Like a sink that hands the error to another thread (a UI dispatcher, say) and waits for it: that thread
                // reports into a tracker this publisher follows, which makes the publisher report again.
                var reported = Task.Run(() =>
                {
                    other.Executing(1, "c");
                    other.Executing(1, "d");
                });
                waited.TrySetResult(reported.Wait(TimeSpan.FromSeconds(10)));
            }

            Interlocked.Decrement(ref depth);
        });
        using var writer = await HeldWriter.HoldAsync(publisher);

        other.Executing(1, "a");
        other.Executing(1, "b");

        Assert.True(await waited.Task.WaitAsync(Scripts.Bound), "The report made from the errors subscriber did not finish: the publisher held a lock while it delivered.");
        writer.Release();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        var seen = await log.CompletedAsync();
        Assert.Equal(1, deepest);
        Assert.All(seen, e => Assert.Equal(RedisStatusErrorKind.StatusesConflated, e.Kind));
        Assert.All(seen, e => Assert.Equal("other", e.OperationId));
        Assert.Equal([1L, 2L, 3L], seen.Select(e => e.Count));
    }
}
