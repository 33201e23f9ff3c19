using System.Reactive.Concurrency;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// A mirror ends an operation when its source did (the completion entry's <c>at</c>), not when the news arrived: its
/// summary's duration is the source's, however late it mirrors.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class MirroredCompletionTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_mirror_ends_an_operation_when_its_source_did_and_its_summary_lasts_as_long()
    {
        var prefix = SharedRedis.NewPrefix();
        var clock = new HistoricalScheduler(DateTimeOffset.UnixEpoch.AddDays(1));
        using var source = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = clock });
        await using (var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix }))
        using (publisher.Publish("turn", source))
        {
            source.Executing(1, ChatStatusMessages.AnalyzingQuery);
            clock.AdvanceBy(TimeSpan.FromSeconds(2));
            source.Completed(1, ChatStatusMessages.QueryPrepared);
            clock.AdvanceBy(TimeSpan.FromSeconds(3));
            source.Complete();
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }

        // Mirrored decades after the source's clock: only the entry can say when it ended.
        using var hub = new StatusHub();
        using var reading = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var mirroring = reading.MirrorTo(hub);
        await RoundTripTests.WaitUntil(() => hub.TryGet("turn", out var t) && t.IsCompleted);
        hub.TryGet("turn", out var mirrored);

        Assert.Equal(source.CompletedAt, mirrored!.CompletedAt);
        Assert.Equal(TimeSpan.FromSeconds(5), mirrored.GetSummary().Duration);
        Assert.Equal(source.GetSummary(), mirrored.GetSummary());
    }
}
