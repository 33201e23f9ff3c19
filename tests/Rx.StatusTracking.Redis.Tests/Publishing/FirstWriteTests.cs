using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// The first write of an operation, at the script and end to end: another run's stream is left whole, however many
/// chunks the write has, and by the entries sent behind it before its answer; the write's own earlier attempt is recognized even once trimmed; a tracker published again
/// goes on in its own stream; and an expired index entry of an earlier run gives way to the new one.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class FirstWriteTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_first_write_of_several_chunks_into_another_runs_stream_writes_nothing()
    {
        var stream = (RedisKey)$"{SharedRedis.NewPrefix()}:turn";
        var database = redis.Connection.GetDatabase();
        for (var sequence = 1; sequence <= 300; sequence++)
        {
            await database.StreamAddAsync(stream, "status", $"earlier {sequence}", $"{sequence}-0");
        }

        await database.StreamAddAsync(stream, "completed", 300, "300-1");
        var appender = new StreamAppender(database, 10_000);

        var result = await appender.AppendAsync(stream, RedisNames.FirstWrite, Entries(400, "later"));

        Assert.Equal((false, true, 300L, "completed", "300"), (result.Appended, result.Taken, result.Top, (string?)result.TopField, (string?)result.TopValue));
        Assert.Equal(301, await database.StreamLengthAsync(stream));
    }

    [RedisFact]
    public async Task Entries_sent_behind_a_first_write_go_in_only_where_the_stream_begins_with_its_first_entry()
    {
        // Another run's stream under the id, its top past what the first write ends at, and its head of the same id.
        var database = redis.Connection.GetDatabase();
        var taken = (RedisKey)$"{SharedRedis.NewPrefix()}:turn";
        for (var sequence = 1; sequence <= 300; sequence++)
        {
            await database.StreamAddAsync(taken, "status", $"earlier {sequence}", $"{sequence}-0");
        }

        var own = (RedisKey)$"{SharedRedis.NewPrefix()}:turn";
        var appender = new StreamAppender(database, 10_000);
        var entries = Entries(400, "later");

        var intoTaken = await appender.AppendAsync(taken, "63-0", entries[63..], expectedHead: entries[0]);
        var first = await appender.AppendAsync(own, RedisNames.FirstWrite, entries[..63]);
        var intoOwn = await appender.AppendAsync(own, "63-0", entries[63..], expectedHead: entries[0]);

        Assert.Equal((false, false, 300L), (intoTaken.Appended, intoTaken.Taken, intoTaken.Top));
        Assert.Equal(300, await database.StreamLengthAsync(taken));
        Assert.Equal((true, true, 400L), (first.Appended, intoOwn.Appended, intoOwn.Top));
        Assert.Equal(400, await database.StreamLengthAsync(own));
    }

    [RedisFact]
    public async Task A_first_write_repeated_after_the_stream_trimmed_its_head_is_taken_for_its_own()
    {
        var stream = (RedisKey)$"{SharedRedis.NewPrefix()}:turn";
        var database = redis.Connection.GetDatabase();
        var appender = new StreamAppender(database, 10);
        var entries = Entries(250, "this run");

        var first = await appender.AppendAsync(stream, RedisNames.FirstWrite, entries);
        var head = (await database.StreamRangeAsync(stream, count: 1))[0].Id;
        var again = await appender.AppendAsync(stream, RedisNames.FirstWrite, entries);

        Assert.True(first.Appended);
        Assert.NotEqual("1-0", (string?)head);
        Assert.Equal((true, false, 250L), (again.Appended, again.Taken, again.Top));
    }

    [RedisFact]
    public async Task A_first_write_of_several_chunks_that_trims_its_own_head_goes_on_in_turn()
    {
        // Each chunk after the first expects the stream to begin with the write's first entry, which the first one trimmed.
        var stream = (RedisKey)$"{SharedRedis.NewPrefix()}:turn";
        var database = redis.Connection.GetDatabase();
        var appender = new StreamAppender(database, 10);

        var result = await appender.AppendAsync(stream, RedisNames.FirstWrite, Entries(600, "this run"));
        var last = (await database.StreamRangeAsync(stream, "-", "+", 1, Order.Descending))[0];

        Assert.Equal((true, false, 600L), (result.Appended, result.Taken, result.Top));
        Assert.Equal(("600-0", "this run 600"), ((string?)last.Id, (string?)last.Values[0].Value));
    }

    [RedisFact]
    public async Task A_running_tracker_published_again_by_a_new_publisher_after_trimming_its_history_goes_on_in_its_stream()
    {
        var prefix = SharedRedis.NewPrefix();
        var options = new RedisPublisherOptions { KeyPrefix = prefix };
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        await using (var before = new RedisStatusPublisher(redis.Connection, options))
        using (before.Publish("turn", tracker))
        {
            for (var step = 1; step <= 5; step++)
            {
                tracker.Executing(step, $"step {step}");
            }

            await before.FlushAsync().WaitAsync(Scripts.Bound);
        }

        await using var after = new RedisStatusPublisher(redis.Connection, options);
        using var log = new ReportLog(after.Errors);
        using (after.Publish("turn", tracker))
        {
            tracker.Executing(6, "step 6");
            tracker.Complete();
            await after.FlushAsync().WaitAsync(Scripts.Bound);
        }

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        var read = await source.Observe("turn").Select(s => s.Sequence).ToList().Timeout(Scripts.Bound);
        await after.DisposeAsync();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], read);
        Assert.Empty(await log.CompletedAsync());
    }

    [RedisFact]
    public async Task A_tracker_published_again_by_a_publisher_that_compresses_otherwise_goes_on_in_its_stream()
    {
        // Written plain first, then by a publisher that would compress it: the bytes differ, the statuses do not.
        var prefix = SharedRedis.NewPrefix();
        var large = new string('x', 2 * RedisPublisherOptions.DefaultCompressAbove);
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        await using (var plain = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, CompressAbove = null }))
        using (plain.Publish("turn", tracker))
        {
            for (var step = 1; step <= 5; step++)
            {
                tracker.Executing(step, $"step {step}", large);
                await plain.FlushAsync().WaitAsync(Scripts.Bound);
            }
        }

        await using var compressing = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(compressing.Errors);
        using (compressing.Publish("turn", tracker))
        {
            tracker.Executing(6, "step 6", large);
            tracker.Complete();
            await compressing.FlushAsync().WaitAsync(Scripts.Bound);
        }

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        var read = await source.Observe("turn").Select(s => s.Sequence).ToList().Timeout(Scripts.Bound);
        await compressing.DisposeAsync();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], read);
        Assert.Equal(["status", "status", "status", "status", "status", "status.br", "completed+at"], await LargePayloads.FieldsAsync(redis.Connection, $"{prefix}:turn"));
        Assert.Empty(await log.CompletedAsync());
    }

    [RedisFact]
    public async Task An_earlier_runs_expired_index_entry_gives_way_to_the_new_run()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        var expired = RedisNames.ExpiryScore(DateTimeOffset.UtcNow.AddMinutes(-1));
        await database.SortedSetAddAsync(prefix, "turn", expired);
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var tracker = new ChatStatusTracker();
        using (publisher.Publish("turn", tracker))
        {
            tracker.Executing(1, "runs");
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }

        Assert.Equal(double.PositiveInfinity, await database.SortedSetScoreAsync(prefix, "turn"));
        Assert.Equal(1, await database.StreamLengthAsync($"{prefix}:turn"));
    }

    [RedisFact]
    public async Task An_earlier_runs_entry_replaced_as_expired_gets_its_score_back_when_its_stream_is_still_there()
    {
        // Clocks differ: by this publisher's, the earlier run's entry has expired, though its stream is still there.
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await database.StreamAddAsync($"{prefix}:turn", "status", "earlier 1", "1-0");
        await database.StreamAddAsync($"{prefix}:turn", "completed", 1, "1-1");
        var earlier = RedisNames.ExpiryScore(DateTimeOffset.UtcNow.AddSeconds(-1));
        await database.SortedSetAddAsync(prefix, "turn", earlier);
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using (publisher.Publish("turn", tracker))
        {
            // The start alone first (no status yet), then the first write, which finds the earlier run.
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
            var whileStarting = await database.SortedSetScoreAsync(prefix, "turn");
            tracker.Executing(1, "later");
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
            Assert.Equal(double.PositiveInfinity, whileStarting);
        }

        await publisher.DisposeAsync();
        Assert.Equal(earlier, await database.SortedSetScoreAsync(prefix, "turn"));
        Assert.Equal(["WriteRefused"], (await log.CompletedAsync()).Select(r => r.Kind.ToString()));
    }

    private static StreamWrite[] Entries(int count, string run) =>
        [.. Enumerable.Range(1, count).Select(i => new StreamWrite($"{i}-0", "status", $"{run} {i}"))];
}
