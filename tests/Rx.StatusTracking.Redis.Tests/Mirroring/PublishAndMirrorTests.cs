using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// Servers that each publish their hub and mirror the others' operations into it (the usual set-up behind a load
/// balancer): each publishes its own operations only, never one it mirrors back into Redis; a hub mirrored from one place
/// and published to another is a relay, which copies them.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class PublishAndMirrorTests(SharedRedis redis)
{
    [RedisFact]
    public async Task Two_servers_that_publish_and_mirror_the_same_hub_publish_their_own_operations_only()
    {
        var prefix = SharedRedis.NewPrefix();
        await using var first = new Server(redis, prefix);
        await using var second = new Server(redis, prefix);

        var mine = first.Hub.Create("first-turn");
        Scripts.ChatTurnWithRetryAndReset(mine);
        mine.Complete();
        var theirs = second.Hub.Create("second-turn");
        theirs.Executing(1, ChatStatusMessages.AnalyzingQuery);
        theirs.Completed(1, ChatStatusMessages.QueryPrepared);
        theirs.Complete();

        await RoundTripTests.WaitUntil(() => second.Hub.TryGet("first-turn", out var t) && t.IsCompleted);
        await RoundTripTests.WaitUntil(() => first.Hub.TryGet("second-turn", out var t) && t.IsCompleted);
        await first.Publisher.FlushAsync();
        await second.Publisher.FlushAsync();
        first.Hub.TryGet("second-turn", out var mirroredTheirs);
        second.Hub.TryGet("first-turn", out var mirroredMine);

        Assert.Equal((mine.LastSequence, theirs.LastSequence), (first.Publisher.PublishedCount, second.Publisher.PublishedCount));
        Assert.Equal(Scripts.AsJson(mine.History), Scripts.AsJson(mirroredMine!.History));
        Assert.Equal(Scripts.AsJson(theirs.History), Scripts.AsJson(mirroredTheirs!.History));
        Assert.Empty(first.Errors.Reports);
        Assert.Empty(second.Errors.Reports);
    }

    [RedisFact]
    public async Task A_hub_published_after_its_mirror_brought_operations_in_leaves_them_out_and_a_relay_to_another_prefix_copies_them()
    {
        var prefix = SharedRedis.NewPrefix();
        var relayPrefix = SharedRedis.NewPrefix();
        await using var producer = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var remote = new ChatStatusTracker();
        using (producer.Publish("remote-turn", remote))
        {
            remote.Executing(1, ChatStatusMessages.AnalyzingQuery);
            remote.Completed(1, ChatStatusMessages.QueryPrepared);
            remote.Complete();
            await producer.FlushAsync();
        }

        using var hub = new StatusHub();
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var mirroring = source.MirrorTo(hub);
        await RoundTripTests.WaitUntil(() => hub.TryGet("remote-turn", out var t) && t.IsCompleted);

        // Followed only now: the operation is already in the hub, known by its tracker.
        await using var samePlace = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        await using var relay = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = relayPrefix });
        using (samePlace.PublishHub(hub))
        using (relay.PublishHub(hub))
        {
            await samePlace.FlushAsync();
            await relay.FlushAsync();
        }

        using var relayed = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = relayPrefix });
        var copied = await relayed.Observe("remote-turn").ToList().Timeout(Scripts.Bound);
        Assert.Equal((0L, 2L), (samePlace.PublishedCount, relay.PublishedCount));
        Assert.Equal(Scripts.AsJson(remote.History), Scripts.AsJson(copied));
    }

    [RedisFact]
    public async Task An_operation_the_hub_published_and_let_go_is_not_brought_back_by_its_mirror()
    {
        var prefix = SharedRedis.NewPrefix();
        var hubClock = new HistoricalScheduler(DateTimeOffset.UtcNow);
        var time = new VirtualTime();
        var sourceOptions = new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromHours(1), TimeProvider = time };
        using var hub = new StatusHub(new StatusHubOptions { Scheduler = hubClock, CompletedRetention = TimeSpan.FromMinutes(1) });
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var source = new RedisStatusSource(redis.Connection, sourceOptions);
        using var publishing = publisher.PublishHub(hub);
        using var mirroring = source.MirrorTo(hub);
        await time.WaitForTimersAsync(sourceOptions.MirrorPollInterval, 1);

        var local = hub.Create("local");
        local.Executing(1, ChatStatusMessages.AnalyzingQuery);
        local.Complete();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        hubClock.AdvanceBy(TimeSpan.FromMinutes(2));
        Assert.False(hub.TryGet("local", out _));

        // The next listing of the index, which still lists it for an hour: a quiet operation written by hand shows when
        // that pass is over.
        var database = redis.Connection.GetDatabase();
        var sentinel = new ChatStatus { Step = 1, Description = "elsewhere", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 1 };
        await database.StreamAddAsync($"{prefix}:sentinel", "status", StatusJson.Serialize(sentinel), "1-0");
        await database.SortedSetAddAsync(prefix, "sentinel", double.PositiveInfinity);
        time.Advance(sourceOptions.MirrorPollInterval);
        await RoundTripTests.WaitUntil(() => hub.TryGet("sentinel", out _));

        Assert.False(hub.TryGet("local", out _));
    }

    /// <summary>A server: its hub, published and mirrored on the same prefix, and what either reports.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly IDisposable _publishing;
        private readonly IDisposable _mirroring;
        private readonly RedisStatusSource _source;

        public Server(SharedRedis redis, string prefix)
        {
            Publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
            _source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
            Errors = new ReportLog(Publisher.Errors.Merge(_source.Errors));
            _publishing = Publisher.PublishHub(Hub);
            _mirroring = _source.MirrorTo(Hub);
        }

        public StatusHub Hub { get; } = new();

        public RedisStatusPublisher Publisher { get; }

        public ReportLog Errors { get; }

        public async ValueTask DisposeAsync()
        {
            _mirroring.Dispose();
            _publishing.Dispose();
            _source.Dispose();
            await Publisher.DisposeAsync();
            Errors.Dispose();
            Hub.Dispose();
        }
    }
}
