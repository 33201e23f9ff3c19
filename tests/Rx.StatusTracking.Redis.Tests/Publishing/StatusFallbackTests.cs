using System.Text.Json;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

[Collection(SharedRedisCollection.Name)]
public sealed class StatusFallbackTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_status_written_with_a_fallback_reaches_the_mirror_in_its_place_and_is_reported_once()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(publisher.Errors);
        using var publishing = publisher.PublishHub(producerHub);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var readLog = new ReportLog(source.Errors);
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);

        var turn = producerHub.Create("turn");
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        turn.Executing(1, "Reading the document", new Document(new string('x', 2 << 20)));
        turn.Executing(1, "Summarizing", new Unwritable());
        turn.Completed(1, ChatStatusMessages.QueryPrepared);
        turn.Complete();

        await RoundTripTests.WaitUntil(() => webHub.TryGet("turn", out var t) && t.IsCompleted);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();
        source.Dispose();
        var errors = await log.CompletedAsync();

        // Every status arrives; the two with fallbacks as StatusJson wrote them.
        webHub.TryGet("turn", out var mirrored);
        Assert.Equal([1L, 2L, 3L, 4L], mirrored!.History.Select(s => s.Sequence));
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirrored.History));
        var omitted = Assert.IsType<JsonElement>(mirrored.History[1].Data);
        Assert.Equal(typeof(Document).FullName, omitted.GetProperty("omitted").GetString());
        var unwritable = Assert.IsType<JsonElement>(mirrored.History[2].Data);
        Assert.Equal(typeof(Unwritable).FullName, unwritable.GetProperty("unserializable").GetString());
        Assert.Equal(["2-0", "3-0"], errors.Select(e => e.EntryId));
        Assert.All(errors, e =>
        {
            Assert.Equal(RedisStatusErrorKind.StatusFallback, e.Kind);
            Assert.Equal("turn", e.OperationId);
        });
        Assert.Equal([StatusJsonFallbacks.DataOmitted, StatusJsonFallbacks.DataUnserializable], errors.Select(e => e.Fallbacks));
        Assert.Equal(
            $"Status 2 of 'turn' was published changed: it would have passed the 1048576 bytes a reader accepts, so its data ({typeof(Document).FullName}) was omitted.",
            errors[0].Message);
        Assert.Equal(
            $"Status 3 of 'turn' was published changed: its data ({typeof(Unwritable).FullName}) could not be serialized and was written as unserializable.",
            errors[1].Message);
        Assert.Empty(await readLog.CompletedAsync());
    }

    [RedisFact]
    public async Task A_status_with_a_fallback_that_redis_refuses_is_reported_as_refused_and_not_as_published()
    {
        var prefix = SharedRedis.NewPrefix();
        // Something else holds the operation's key, so Redis refuses the write: the entry is never in Redis.
        await redis.Connection.GetDatabase().StringSetAsync($"{prefix}:taken", "not a stream");
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("taken", tracker);

        tracker.Executing(1, "Reading the document", new Document(new string('x', 2 << 20)));
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await publisher.DisposeAsync();

        var refused = Assert.Single(await log.CompletedAsync());
        Assert.Equal(RedisStatusErrorKind.WriteRefused, refused.Kind);
        Assert.Equal("taken", refused.OperationId);
    }

    private sealed record Document(string Text);
}
