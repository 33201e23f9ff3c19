using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>The one operation id rule (<see cref="OperationIdRule"/>) across Redis.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class MirroredIdTests(SharedRedis redis)
{
    [RedisFact]
    public async Task An_id_as_long_as_any_hub_may_allow_is_published_read_and_mirrored()
    {
        var prefix = SharedRedis.NewPrefix();
        var longest = new StatusHubOptions { MaxOperationIdLength = OperationIdRule.MaxLengthLimit };
        var id = string.Concat(Enumerable.Repeat("Az09-_.:~@", 103))[..OperationIdRule.MaxLengthLimit];
        using var producerHub = new StatusHub(longest);
        using var webHub = new StatusHub(new StatusHubOptions { MaxOperationIdLength = OperationIdRule.MaxLengthLimit });
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = TimeSpan.FromMilliseconds(50) });
        using var log = new ReportLog(source.Errors);
        using var mirroring = source.MirrorTo(webHub);

        var turn = producerHub.Create(id);
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Completed(1, ChatStatusMessages.QueryPrepared);
        turn.Complete();
        var later = producerHub.Create("later");
        later.Executing(1, ChatStatusMessages.AnalyzingQuery);
        using var direct = new ChatStatusTracker();
        direct.Completed(1, "published by id");
        direct.Complete();
        using var publishingDirect = publisher.Publish(new string('d', OperationIdRule.MaxLengthLimit), direct);

        await RoundTripTests.WaitUntil(() => webHub.TryGet(id, out var t) && t.IsCompleted);
        await RoundTripTests.WaitUntil(() => webHub.TryGet("later", out var t) && t.LastSequence == 1);
        var read = await source.Observe(new string('d', OperationIdRule.MaxLengthLimit)).ToList().Timeout(Scripts.Bound);

        webHub.TryGet(id, out var mirrored);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirrored!.History));
        Assert.Equal(Scripts.AsJson(direct.History), Scripts.AsJson(read));
        source.Dispose();
        Assert.Empty(await log.CompletedAsync());
    }

    [RedisFact]
    public async Task Ids_in_redis_that_the_mirrors_hub_refuses_are_reported_once_and_the_others_are_mirrored()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        using var producerHub = new StatusHub(new StatusHubOptions { MaxOperationIdLength = OperationIdRule.MaxLengthLimit });
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        var tooLong = new string('L', OperationIdRule.DefaultMaxLength + 1);
        producerHub.Create(tooLong).Executing(1, "longer than the web hub allows");
        producerHub.Create("fine").Executing(1, "mirrored");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        // Something else wrote into the index: an id with a space (its stream has a status), and one with no stream.
        var status = new ChatStatus { Step = 1, Description = "x", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 1 };
        await database.StreamAddAsync($"{prefix}:has space", "status", StatusJson.Serialize(status), "1-0");
        await database.SortedSetAddAsync(prefix, "has space", double.PositiveInfinity);
        await database.SortedSetAddAsync(prefix, "café", double.PositiveInfinity);

        using var webHub = new StatusHub();
        var time = new VirtualTime();
        var poll = TimeSpan.FromSeconds(5);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, MirrorPollInterval = poll, PollInterval = TimeSpan.FromMinutes(1), TimeProvider = time });
        using var log = new ReportLog(source.Errors);
        using var mirroring = source.MirrorTo(webHub);

        await RoundTripTests.WaitUntil(() => log.Reports.Length == 3);
        await RoundTripTests.WaitUntil(() => webHub.TryGet("fine", out var t) && t.LastSequence == 1);
        await time.RunPollsAsync(poll, polls: 3); // several more polls: no refusal is reported again
        source.Dispose();
        var errors = await log.CompletedAsync();

        Assert.Equal(["fine"], webHub.OperationIds);
        Assert.Equal([tooLong, "café", "has space"], errors.Select(e => e.OperationId).Order(StringComparer.Ordinal));
        Assert.All(errors, e =>
        {
            Assert.Equal(RedisStatusErrorKind.MirrorFailed, e.Kind);
            Assert.False(OperationIdRule.TryValidate(e.OperationId, webHub.MaxOperationIdLength, out var problem));
            Assert.Equal($"An operation in Redis was not mirrored: this hub does not accept its id. {problem}", e.Message);
        });
    }
}
