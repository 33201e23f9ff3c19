using Rx.StatusTracking.Redis.Tests.Reading;
using StackExchange.Redis;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>How fast a mirror finds a new operation: through the publisher's announcement, not its slow poll.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class DiscoveryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_new_operation_reaches_a_mirror_through_the_announcement_alone()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        producerHub.Create("earlier").Executing(1, "already there");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        // Virtual time that the test never advances: no poll ever runs, so only the publisher's notifications can bring a new
        // operation and its statuses.
        var time = new VirtualTime();
        var options = new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromMinutes(5), PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time };
        using var source = new RedisStatusSource(redis.Connection, options);
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);
        // Once the mirror holds "earlier" and waits for its next poll, its first look at the index is over.
        await RoundTripTests.WaitUntil(() => webHub.TryGet("earlier", out var t) && t.LastSequence == 1);
        await time.WaitForTimersAsync(options.MirrorPollInterval, 1);

        // As in a chat turn: the operation starts (and the publisher writes that), its first status comes once the model
        // answers. Meanwhile the mirror looks at the index (woken as an announcement of the start would wake it) and finds
        // the operation listed with no stream yet; the status must still reach it, through its own announcement alone.
        var turn = producerHub.Create("turn");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await redis.Connection.GetSubscriber().PublishAsync(RedisChannel.Sharded(prefix), "turn");
        await time.WaitForTimersAsync(options.MirrorPollInterval, 2);
        Assert.False(webHub.TryGet("turn", out _));
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Completed(1, ChatStatusMessages.QueryPrepared);

        await RoundTripTests.WaitUntil(() => webHub.TryGet("turn", out var t) && t.LastSequence == 2);
        webHub.TryGet("turn", out var mirrored);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirrored!.History));
    }

    [RedisFact]
    public async Task Between_two_polls_an_announced_operation_is_mirrored_from_its_announcement_without_reading_the_index()
    {
        var prefix = SharedRedis.NewPrefix();
        var time = new VirtualTime();
        var options = new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromMinutes(5), PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time };
        using var source = new RedisStatusSource(redis.Connection, options);
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);
        await time.WaitForTimersAsync(options.MirrorPollInterval, 1);

        // A stream the index does not list (so a reading of the index would not find it), then its announcement.
        var database = redis.Connection.GetDatabase();
        await database.StreamAddAsync($"{prefix}:announced", "status", StatusJson.Serialize(new ChatStatusTracker().Executing(1, "searching")), "1-0");
        await redis.Connection.GetSubscriber().PublishAsync(RedisChannel.Sharded(prefix), "announced");

        await RoundTripTests.WaitUntil(() => webHub.TryGet("announced", out var t) && t.LastSequence == 1);
        Assert.Equal(0, await database.SortedSetLengthAsync(prefix));
    }
}
