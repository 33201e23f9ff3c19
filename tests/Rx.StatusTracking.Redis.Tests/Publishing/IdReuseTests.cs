using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>
/// An operation's first write checks that its stream is its own: a second run under an id whose stream still holds an
/// earlier run (within <see cref="RedisPublisherOptions.CompletedExpiry"/>) is refused and reported, never mixed into
/// it or taken for written; the run's own earlier attempt (an answer lost) is not taken for another run.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class IdReuseTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_second_run_under_an_id_whose_stream_holds_the_first_is_refused_and_reported_and_the_first_stays_as_it_was()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        await using (var first = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix }))
        {
            using var run = new ChatStatusTracker();
            using var publishing = first.Publish("turn", run);
            run.Executing(1, "first run");
            run.Completed(1, "first run done");
            run.Complete();
            await first.FlushAsync();
        }

        var firstRun = await database.StreamRangeAsync($"{prefix}:turn");
        var expiresAt = await database.SortedSetScoreAsync(prefix, "turn");
        await using var second = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(second.Errors);
        using (var again = new ChatStatusTracker())
        using (second.Publish("turn", again))
        {
            again.Executing(1, "second run");
            again.Completed(1, "second run done");
            again.Executing(2, "second run goes further");
            again.Complete();
            await second.FlushAsync().WaitAsync(Scripts.Bound);
        }

        await second.DisposeAsync();
        var reports = await log.CompletedAsync();
        var refused = Assert.Single(reports);
        Assert.Equal((RedisStatusErrorKind.WriteRefused, "turn"), (refused.Kind, refused.OperationId));
        Assert.Equal(
            "Redis refused a write for operation 'turn' (its stream holds entries this run does not recognize as its own: another run of 'turn', published before (within CompletedExpiry) or by another publisher now, or statuses this tracker no longer holds (reset or trimmed since they were published); nothing of this run was written: give each run an id of its own); retrying cannot help, so its stream is left as it is and nothing more is written to it.",
            refused.Message);
        Assert.Equal(0, second.PublishedCount);
        Assert.Equal(Describe(firstRun), Describe(await database.StreamRangeAsync($"{prefix}:turn")));
        Assert.Equal(["1-0", "2-0", "2-1"], Describe(firstRun).Select(e => e.Id));
        Assert.Equal(expiresAt, await database.SortedSetScoreAsync(prefix, "turn"));
        Assert.NotEqual(double.PositiveInfinity, expiresAt);
    }

    [RedisFact]
    public async Task A_second_run_as_long_as_the_first_and_completed_before_its_first_write_is_refused_too()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        var options = new RedisPublisherOptions { KeyPrefix = prefix };
        await PublishCompletedAsync(options, "first run");
        var firstRun = await database.StreamRangeAsync($"{prefix}:turn");
        var expiresAt = await database.SortedSetScoreAsync(prefix, "turn");

        // Both end at sequence 2 with a completion entry "2-1": only the completion's time tells them apart.
        var second = await PublishCompletedAsync(options, "second run");

        Assert.Equal(["WriteRefused turn"], second.Reports.Select(r => $"{r.Kind} {r.OperationId}"));
        Assert.Equal(0, second.Published);
        Assert.Equal(Describe(firstRun), Describe(await database.StreamRangeAsync($"{prefix}:turn")));
        Assert.Equal(expiresAt, await database.SortedSetScoreAsync(prefix, "turn"));
    }

    [RedisFact]
    public async Task A_completed_run_published_again_after_trimming_its_history_is_known_by_its_completion()
    {
        // The second time, the write (statuses 3..5 and the completion) does not hold the stream's head (1): only the
        // stream's top, the completion at this tracker's own time, says the stream is this run's.
        var prefix = SharedRedis.NewPrefix();
        var options = new RedisPublisherOptions { KeyPrefix = prefix };
        using var run = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 3 });
        for (var time = 0; time < 2; time++)
        {
            await using var publisher = new RedisStatusPublisher(redis.Connection, options);
            using var log = new ReportLog(publisher.Errors);
            using (publisher.Publish("turn", run))
            {
                // Recorded while the first publisher follows, so it writes all five before the tracker lets 1 and 2 go.
                for (var step = 1; step <= 5 && time == 0; step++)
                {
                    run.Executing(step, $"step {step}");
                    await publisher.FlushAsync().WaitAsync(Scripts.Bound);
                }

                run.Complete();
                await publisher.FlushAsync().WaitAsync(Scripts.Bound);
            }

            await publisher.DisposeAsync();
            Assert.Empty(await log.CompletedAsync());
        }

        Assert.Equal(6, await redis.Connection.GetDatabase().StreamLengthAsync($"{prefix}:turn"));
    }

    [RedisFact]
    public async Task A_first_write_repeated_after_its_answer_was_lost_is_not_taken_for_another_run()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        using var run = new ChatStatusTracker();
        run.Executing(1, "searching");
        run.Completed(1, "found it");

        // As if the first attempt had reached Redis and its answer had been lost: the stream begins with this run's entry.
        await database.StreamAddAsync($"{prefix}:turn", "status", StatusJson.Serialize(run.History[0]), "1-0");
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var log = new ReportLog(publisher.Errors);
        using (publisher.Publish("turn", run))
        {
            run.Complete();
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }

        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        var read = await source.Observe("turn").ToList().Timeout(Scripts.Bound);
        await publisher.DisposeAsync();
        Assert.Equal(Scripts.AsJson(run.History), Scripts.AsJson(read));
        Assert.Empty(await log.CompletedAsync());
    }

    // A run of two statuses on "turn", completed before it is published (so its first write holds its completion too).
    private async Task<(RedisStatusError[] Reports, long Published)> PublishCompletedAsync(RedisPublisherOptions options, string run)
    {
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, run);
        tracker.Completed(1, $"{run} done");
        tracker.Complete();
        await using var publisher = new RedisStatusPublisher(redis.Connection, options);
        using var log = new ReportLog(publisher.Errors);
        using (publisher.Publish("turn", tracker))
        {
            await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }

        await publisher.DisposeAsync();
        return (await log.CompletedAsync(), publisher.PublishedCount);
    }

    private static (string Id, string Fields)[] Describe(StreamEntry[] entries) =>
        [.. entries.Select(e => ((string)e.Id!, string.Join(",", e.Values.Select(v => $"{v.Name}={v.Value}"))))];
}
