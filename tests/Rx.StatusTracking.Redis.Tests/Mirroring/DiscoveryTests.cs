using Rx.StatusTracking.Redis.Tests.Reading;
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

        // Polls far longer than the test: only the publisher's notifications can bring a new operation and its statuses.
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromHours(1) });
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);
        // Once the mirror holds "earlier", its first look at the index is over and it waits for an announcement.
        await RoundTripTests.WaitUntil(() => webHub.TryGet("earlier", out var t) && t.LastSequence == 1);

        // As in a chat turn: the operation starts (and the publisher writes that), its first status comes once the model
        // answers. The pause stands for the model; what the mirror must do does not depend on its length.
        var turn = producerHub.Create("turn");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await Task.Delay(300);
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Completed(1, ChatStatusMessages.QueryPrepared);

        await RoundTripTests.WaitUntil(() => webHub.TryGet("turn", out var t) && t.LastSequence == 2);
        webHub.TryGet("turn", out var mirrored);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirrored!.History));
    }
}
