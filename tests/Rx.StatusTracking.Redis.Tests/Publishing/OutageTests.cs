using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>What a publisher closed during an outage gives up, and how it says so. Each test owns a redis-server it kills.</summary>
public sealed class OutageTests : OwnedRedis
{
    [RedisFact]
    public async Task Disposed_while_redis_is_down_it_reports_every_item_given_up_the_batch_being_retried_included()
    {
        await using var connection = await Server.ConnectFailFastAsync();
        var time = new VirtualTime();
        var options = new RedisPublisherOptions { TimeProvider = time, DisposeTimeout = TimeSpan.FromSeconds(3) };
        var publisher = new RedisStatusPublisher(connection, options);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await Server.KillAsync();

        // The writer takes what waits into a batch and retries it: those statuses are no longer in the outbox.
        tracker.Executing(1, "analysing");
        tracker.Completed(1, "analysed");
        tracker.Executing(2, "searching");
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));

        var disposing = publisher.DisposeAsync().AsTask();
        await time.WaitForTimersAsync(options.DisposeTimeout, 1);
        time.Advance(options.DisposeTimeout);
        await disposing.WaitAsync(Scripts.Bound);

        var reports = await log.CompletedAsync();
        var givenUp = Assert.Single(reports, e => e.Kind == RedisStatusErrorKind.StatusesDropped);
        Assert.Equal(3, givenUp.Count);
        Assert.Equal("The publisher was disposed with 3 items still waiting for Redis; they were given up.", givenUp.Message);
        Assert.Equal(time.GetUtcNow(), givenUp.Timestamp);
    }
}
