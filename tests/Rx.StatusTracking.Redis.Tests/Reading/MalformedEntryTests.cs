using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Reading;

[Collection(SharedRedisCollection.Name)]
public sealed class MalformedEntryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task Entries_that_are_not_statuses_are_skipped_and_reported_and_the_rest_is_delivered()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        var stream = $"{prefix}:mixed";
        var valid = new[]
        {
            new ChatStatus { Step = 1, Description = "one", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 1 },
            new ChatStatus { Step = 1, Description = "one done", State = StatusState.Completed, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 2 },
            new ChatStatus { Step = 2, Description = "two", State = StatusState.Completed, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 5 },
        };

        // Something else writes into the stream too: bad JSON, a status missing its state, an unknown state,
        // a field we do not know, and a status without a sequence.
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(valid[0]), "1-0");
        await database.StreamAddAsync(stream, "status", "{not json", "1-5");
        await database.StreamAddAsync(stream, "status", """{"step":1,"description":"x","sequence":2}""", "1-6");
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(valid[1]), "2-0");
        await database.StreamAddAsync(stream, "status", """{"step":1,"description":"x","state":"Exploded","sequence":3}""", "3-0");
        await database.StreamAddAsync(stream, "note", "hello", "3-1");
        await database.StreamAddAsync(stream, "status", """{"step":1,"description":"x","state":"Completed"}""", "4-0");
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(valid[2]), "5-0");
        await database.StreamAddAsync(stream, "completed", 5, "5-1");

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        // A subscriber that throws comes first: the next one still gets every report.
        using var throwing = source.Errors.Subscribe(_ => throw new InvalidOperationException("A broken log sink."));
        using var log = new ReportLog(source.Errors);
        var observed = await source.Observe("mixed").ToList().Timeout(Scripts.Bound);
        source.Dispose();
        var errors = await log.CompletedAsync();

        Assert.Equal(Scripts.AsJson(valid), Scripts.AsJson(observed));
        Assert.Equal(["1-5", "1-6", "3-0", "3-1", "4-0"], errors.Select(e => e.EntryId));
        Assert.All(errors, e => Assert.Equal(RedisStatusErrorKind.MalformedEntry, e.Kind));
        Assert.All(errors, e => Assert.Equal("mixed", e.OperationId));
        Assert.Contains("neither a 'status' nor a 'completed' field", errors[3].Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task An_errors_subscriber_that_blocks_holds_up_no_reader()
    {
        ChatStatus[] valid = [Executing(1, "one"), Executing(2, "two")];
        var prefix = SharedRedis.NewPrefix();
        var entries = new (RedisValue Id, RedisValue Field, RedisValue Value)[]
        {
            ("1-0", "status", StatusJson.Serialize(valid[0])),
            ("1-5", "status", "{not json"),
            ("2-0", "status", StatusJson.Serialize(valid[1])),
            ("2-1", "completed", 2),
        };
        foreach (var (id, field, value) in entries)
        {
            await redis.Connection.GetDatabase().StreamAddAsync($"{prefix}:mixed", field, value, id);
        }

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });

        using var sink = new StalledSink(source.Errors);
        using var log = new ReportLog(source.Errors);
        IList<ChatStatus> observed;
        try
        {
            // The reader meets the malformed entry, reports it, and reads on to the end while the sink is stalled.
            observed = await source.Observe("mixed").ToList().Timeout(Scripts.Bound);
            await sink.Stalled.WaitAsync(Scripts.Bound);
        }
        finally
        {
            sink.Release();
        }

        source.Dispose();
        var reported = Assert.Single(await log.CompletedAsync());
        Assert.Equal(Scripts.AsJson(valid), Scripts.AsJson(observed));
        Assert.Equal(RedisStatusErrorKind.MalformedEntry, reported.Kind);
        Assert.Equal("1-5", reported.EntryId);
    }

    [RedisFact]
    public async Task A_duplicate_sequence_written_twice_is_delivered_once()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        var stream = $"{prefix}:twice";
        var first = new ChatStatus { Step = 1, Description = "one", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 1 };
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(first), "1-0");
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(first), "1-3");
        await database.StreamAddAsync(stream, "completed", 1, "1-4");
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });

        var observed = await source.Observe("twice").ToList().Timeout(Scripts.Bound);

        Assert.Equal([1L], observed.Select(s => s.Sequence));
    }

    private static ChatStatus Executing(long sequence, string description) =>
        new() { Step = 1, Description = description, State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = sequence };

    [Fact]
    public void Bad_arguments_get_typed_errors()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 100;
        using var connection = ConnectionMultiplexer.Connect(options);
        using var source = new RedisStatusSource(connection);

        Assert.Throws<ArgumentNullException>(() => source.Observe(null!));
        Assert.Throws<ArgumentException>(() => source.Observe(" "));
        Assert.Throws<ArgumentException>(() => source.Observe("bad\nid"));
        Assert.Throws<ArgumentException>(() => source.Observe(new string('x', OperationIdRule.MaxLengthLimit + 1)));
        Assert.Throws<ArgumentException>(() => source.Observe("a/b"));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Observe("ok", afterSequence: -1));
        Assert.Throws<ArgumentNullException>(() => new RedisStatusSource(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStatusSource(connection, new RedisSourceOptions { PollInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new RedisStatusSource(connection, new RedisSourceOptions { KeyPrefix = "" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxOutbox = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisStatusPublisher(connection, new RedisPublisherOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(1) }));

        using var publisher = new RedisStatusPublisher(connection, new RedisPublisherOptions { DisposeTimeout = TimeSpan.Zero });
        using var tracker = new ChatStatusTracker();
        using var first = publisher.Publish("once", tracker);
        Assert.Throws<ArgumentException>(() => publisher.Publish("once", tracker));
        Assert.Throws<ArgumentException>(() => publisher.Publish("", tracker));
        Assert.Throws<ArgumentException>(() => publisher.Publish("has space", tracker));
        Assert.Throws<ArgumentException>(() => publisher.Publish(new string('x', OperationIdRule.MaxLengthLimit + 1), tracker));
        Assert.Throws<ArgumentNullException>(() => publisher.Publish("other", null!));
    }
}
