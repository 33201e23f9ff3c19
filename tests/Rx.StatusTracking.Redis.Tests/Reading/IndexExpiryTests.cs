using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>When a completed operation leaves the operations index, on the options' clock (virtual here).</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class IndexExpiryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_completed_operation_is_listed_until_its_expiry_passes_on_the_clock_and_the_next_completion_prunes_it()
    {
        var prefix = SharedRedis.NewPrefix();
        var time = new VirtualTime();
        var expiry = TimeSpan.FromHours(1);
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix, CompletedExpiry = expiry, TimeProvider = time });
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix, TimeProvider = time });
        using var first = new ChatStatusTracker();
        using var second = new ChatStatusTracker();
        using var publishingFirst = publisher.Publish("first", first);
        using var publishingSecond = publisher.Publish("second", second);
        first.Completed(1, "done");
        first.Complete();
        second.Executing(1, "still running");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        time.Advance(expiry - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["first", "second"], (await source.GetOperationIdsAsync()).Order(StringComparer.Ordinal));

        // Expired on the clock; Redis, on its own clock, still holds the stream (EXPIRE is in real time).
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["second"], await source.GetOperationIdsAsync());
        var database = redis.Connection.GetDatabase();
        Assert.True(await database.KeyExistsAsync($"{prefix}:first"));

        time.Advance(TimeSpan.FromMilliseconds(1));
        second.Complete();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(["second"], (await database.SortedSetRangeByRankAsync(prefix)).Select(v => v.ToString()));
        Assert.Equal(["second"], await source.GetOperationIdsAsync());
    }
}
