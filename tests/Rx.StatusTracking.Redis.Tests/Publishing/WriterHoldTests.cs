using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>The gate tests close to hold the publisher's writer (<see cref="WriterHold"/>).</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class WriterHoldTests(SharedRedis redis)
{
    [RedisFact]
    public async Task Closing_the_gate_twice_holds_the_writer_once_and_one_open_lets_it_go_on()
    {
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = SharedRedis.NewPrefix() });
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("held", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        await publisher.Hold.CloseAsync().WaitAsync(Scripts.Bound);
        await publisher.Hold.CloseAsync().WaitAsync(Scripts.Bound);
        tracker.Executing(1, "waits in the outbox");
        Assert.Equal(1, publisher.OutboxCount);

        publisher.Hold.Open();
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(0, publisher.OutboxCount);
    }
}
