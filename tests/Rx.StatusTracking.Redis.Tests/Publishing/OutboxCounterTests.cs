using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

[Collection(SharedRedisCollection.Name)]
public sealed class OutboxCounterTests(SharedRedis redis)
{
    private const int Producers = 4;
    private const int MaxOutbox = 10;

    [RedisFact]
    public async Task Under_concurrent_producers_each_conflation_and_drop_is_counted_once_and_reported_at_exactly_its_counts()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, MaxOutbox = MaxOutbox });
        var trackers = Enumerable.Range(0, Producers).Select(_ => new ChatStatusTracker()).ToArray();
        var publishing = trackers.Select((t, i) => publisher.Publish($"p{i}", t)).ToArray();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        using var log = new ReportLog(publisher.Errors);

        // Nothing leaves the outbox while the producers fill it.
        using var writer = await HeldWriter.HoldAsync(publisher);

        // Updates of one step conflate; then the first updates of new steps, which have nothing to conflate with, pass
        // the hard limit and drop. About 10,000 reports in all, fewer than may wait for the log however far it lags, so
        // every one arrives.
        const int updates = 20_000;
        const int firsts = 5_000;
        RunAtOnce(trackers, t =>
        {
            for (var i = 0; i < updates; i++)
            {
                t.Executing(1, "working");
            }

            for (var step = 2; step < firsts + 2; step++)
            {
                t.Executing(step, "started");
            }
        });
        var conflated = publisher.ConflatedCount;
        var dropped = publisher.DroppedCount;
        var waiting = publisher.OutboxCount;
        writer.Release();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        var errors = await log.CompletedAsync();

        Assert.Equal(2 * MaxOutbox, waiting);
        Assert.Equal(Producers * (updates + firsts), conflated + dropped + waiting);
        Assert.Equal(Reported(conflated), errors.Where(e => e.Kind == RedisStatusErrorKind.StatusesConflated).Select(e => e.Count).Order());
        Assert.Equal(Reported(dropped), errors.Where(e => e.Kind == RedisStatusErrorKind.StatusesDropped).Select(e => e.Count).Order());
        Assert.All(errors.Where(e => e.Kind == RedisStatusErrorKind.StatusesConflated), e => Assert.EndsWith($"; {e.Count} conflated so far.", e.Message, StringComparison.Ordinal));

        Array.ForEach(publishing, p => p.Dispose());
        Array.ForEach(trackers, t => t.Dispose());
    }

    // The documented reporting points: the first, then every MaxOutbox-th.
    private static long[] Reported(long total) => [1, .. Enumerable.Range(1, (int)(total / MaxOutbox)).Select(k => (long)k * MaxOutbox)];

    private static void RunAtOnce(ChatStatusTracker[] trackers, Action<ChatStatusTracker> work)
    {
        using var start = new Barrier(trackers.Length);
        var threads = trackers.Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            work(t);
        })).ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
    }
}
