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
        // Something else holds the operation's key, so Redis refuses every write to it: one report per write.
        await redis.Connection.GetDatabase().StringSetAsync($"{prefix}:taken", "not a stream");
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        var thrown = 0;
        using var throwing = publisher.Errors.Subscribe(_ =>
        {
            Interlocked.Increment(ref thrown);
            throw new InvalidOperationException("A broken log sink.");
        });
        var seen = new List<RedisStatusError>();
        using var watching = publisher.Errors.Subscribe(e => { lock (seen) { seen.Add(e); } });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("taken", tracker);

        tracker.Executing(1, "first write");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        tracker.Completed(1, "second write");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        lock (seen)
        {
            Assert.Equal(2, seen.Count);
            Assert.All(seen, e =>
            {
                Assert.Equal(RedisStatusErrorKind.WriteRefused, e.Kind);
                Assert.Equal("taken", e.OperationId);
                Assert.StartsWith("Redis refused a write for operation 'taken' (WRONGTYPE ", e.Message, StringComparison.Ordinal);
            });
        }

        Assert.Equal(2, Volatile.Read(ref thrown));
    }

    [RedisFact]
    public async Task A_subscriber_that_waits_for_a_report_into_the_publisher_does_not_deadlock_and_sees_one_error_at_a_time()
    {
        var prefix = SharedRedis.NewPrefix();
        await redis.Connection.GetDatabase().StringSetAsync($"{prefix}:taken", "not a stream");
        // An outbox of one: while the writer delivers an error, the next report into "other" conflates, and that is reported.
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = 1 });
        using var other = new ChatStatusTracker();
        using var publishingOther = publisher.Publish("other", other);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        var seen = new List<RedisStatusError>();
        var depth = 0;
        var deepest = 0;
        var waited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watching = publisher.Errors.Subscribe(e =>
        {
            deepest = Math.Max(deepest, Interlocked.Increment(ref depth));
            lock (seen)
            {
                seen.Add(e);
            }

            if (e.OperationId == "taken")
            {
                // Like a sink that hands the error to another thread (a UI dispatcher, say) and waits for it: that thread
                // reports into a tracker this publisher follows, which makes the publisher report again.
                var reported = Task.Run(() =>
                {
                    other.Executing(1, "a");
                    other.Executing(1, "b");
                    other.Executing(1, "c");
                });
                waited.TrySetResult(reported.Wait(TimeSpan.FromSeconds(10)));
            }

            Interlocked.Decrement(ref depth);
        });
        using var taken = new ChatStatusTracker();
        using var publishingTaken = publisher.Publish("taken", taken);

        taken.Executing(1, "refused");

        Assert.True(await waited.Task.WaitAsync(Scripts.Bound), "The report made from the errors subscriber did not finish: the publisher held a lock while it delivered.");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(1, deepest);
        lock (seen)
        {
            Assert.Equal([RedisStatusErrorKind.WriteRefused, RedisStatusErrorKind.StatusesConflated, RedisStatusErrorKind.StatusesConflated], seen.Select(e => e.Kind));
            Assert.Equal(["taken", "other", "other"], seen.Select(e => e.OperationId));
            Assert.Equal([0L, 1L, 2L], seen.Select(e => e.Count));
        }
    }
}
