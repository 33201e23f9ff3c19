using System.Reactive.Linq;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>How the source's <see cref="RedisStatusSource.Errors"/> reaches its subscribers.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class SourceErrorDeliveryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task An_errors_subscriber_that_blocks_holds_up_no_reader()
    {
        var prefix = SharedRedis.NewPrefix();
        var database = redis.Connection.GetDatabase();
        var stream = $"{prefix}:mixed";
        var valid = new[]
        {
            new ChatStatus { Step = 1, Description = "one", State = StatusState.Executing, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 1 },
            new ChatStatus { Step = 1, Description = "one done", State = StatusState.Completed, Timestamp = DateTimeOffset.UnixEpoch, Sequence = 2 },
        };
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(valid[0]), "1-0");
        await database.StreamAddAsync(stream, "status", "{not json", "1-5");
        await database.StreamAddAsync(stream, "status", StatusJson.Serialize(valid[1]), "2-0");
        await database.StreamAddAsync(stream, "completed", 2, "2-1");
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });

        // A synchronous log sink that stalls until the test lets it go.
        using var release = new ManualResetEventSlim();
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sink = source.Errors.Subscribe(_ =>
        {
            stalled.TrySetResult();
            release.Wait();
        });
        using var log = new ReportLog(source.Errors);
        IList<ChatStatus> observed;
        try
        {
            // The reader meets the malformed entry, reports it, and reads on to the end while the sink is stalled.
            observed = await source.Observe("mixed").ToList().Timeout(Scripts.Bound);
            await stalled.Task.WaitAsync(Scripts.Bound);
        }
        finally
        {
            release.Set();
        }

        source.Dispose();
        var reported = Assert.Single(await log.CompletedAsync());
        Assert.Equal(Scripts.AsJson(valid), Scripts.AsJson(observed));
        Assert.Equal(RedisStatusErrorKind.MalformedEntry, reported.Kind);
        Assert.Equal("1-5", reported.EntryId);
    }
}
