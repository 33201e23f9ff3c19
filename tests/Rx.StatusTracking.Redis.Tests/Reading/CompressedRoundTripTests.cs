using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>Statuses over <see cref="RedisPublisherOptions.CompressAbove"/> go compressed, the rest plain, in one stream.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class CompressedRoundTripTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_stream_mixing_compressed_and_plain_entries_reaches_a_live_and_a_late_reader_as_recorded()
    {
        foreach (var (codec, field) in new[] { (RedisCompression.Brotli, "status.br"), (RedisCompression.GZip, "status.gz") })
        {
            var prefix = SharedRedis.NewPrefix();
            await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, Compression = codec });
            using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
            using var tracker = new ChatStatusTracker();
            var recorded = new List<ChatStatus>();
            using var recording = tracker.Subscribe(recorded.Add);
            var live = source.Observe("turn").ToList().Timeout(Scripts.Bound).ToTask();
            using var publishing = publisher.Publish("turn", tracker);

            tracker.Executing(1, ChatStatusMessages.ExecutingTool("web_search"), new { query = "redis streams" });
            tracker.Completed(1, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(40));
            tracker.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
            tracker.Completed(2, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(400));
            tracker.Completed(3, ChatStatusMessages.ReceivedFinal, new { tokens = 812 });
            tracker.Complete();
            var observed = await live;
            var late = await source.Observe("turn").ToList().Timeout(Scripts.Bound);

            Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(observed));
            Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(late));
            Assert.Equal(["status", field, "status", field, "status", "completed+at"], await LargePayloads.FieldsAsync(redis.Connection, $"{prefix}:turn"));
            Assert.Equal(5, publisher.PublishedCount);
        }
    }

    [RedisFact]
    public async Task A_mirror_imports_compressed_and_plain_entries_as_the_producer_recorded_them()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, CompressAbove = 1_024 });
        using var publishing = publisher.PublishHub(producerHub);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var webHub = new StatusHub();
        using var log = new ReportLog(source.Errors);
        using var mirroring = source.MirrorTo(webHub);

        var turn = producerHub.Create("turn");
        turn.Executing(1, ChatStatusMessages.ExecutingTool("web_search"), new { query = "redis streams" });
        turn.Completed(1, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(8));
        turn.Completed(2, ChatStatusMessages.ReceivedFinal, new { tokens = 812 });
        turn.Complete();
        await RoundTripTests.WaitUntil(() => webHub.TryGet("turn", out var mirrored) && mirrored.IsCompleted);
        webHub.TryGet("turn", out var mirrored);

        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirrored!.History));
        Assert.Equal(["status", "status.br", "status", "completed+at"], await LargePayloads.FieldsAsync(redis.Connection, $"{prefix}:turn"));
        source.Dispose();
        Assert.Empty(await log.CompletedAsync());
    }

    [RedisFact]
    public async Task A_status_exactly_at_the_threshold_stays_plain_and_one_byte_over_is_compressed()
    {
        using var tracker = new ChatStatusTracker();
        tracker.Completed(1, ChatStatusMessages.ToolCompleted("web_search"), LargePayloads.SearchResults(30));
        tracker.Complete();
        var length = StatusJson.SerializeToUtf8Bytes(tracker.History[0]).Length;

        Assert.Equal(["status", "completed+at"], await PublishAsync(tracker, length));
        Assert.Equal(["status.br", "completed+at"], await PublishAsync(tracker, length - 1));
        Assert.Equal(["status", "completed+at"], await PublishAsync(tracker, null));
    }

    /// <summary>Publishes a completed tracker's history with this threshold; returns the entries' fields, once read back whole.</summary>
    private async Task<string[]> PublishAsync(ChatStatusTracker tracker, int? compressAbove)
    {
        var prefix = SharedRedis.NewPrefix();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, CompressAbove = compressAbove });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var publishing = publisher.Publish("edge", tracker);
        var observed = await source.Observe("edge").ToList().Timeout(Scripts.Bound);

        Assert.Equal(Scripts.AsJson(tracker.History), Scripts.AsJson(observed));
        return await LargePayloads.FieldsAsync(redis.Connection, $"{prefix}:edge");
    }
}
