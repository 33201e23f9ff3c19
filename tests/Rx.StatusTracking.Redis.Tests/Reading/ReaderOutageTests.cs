using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// A reader that met an outage waits out its retry delay on the source's clock, but no longer than the first notification
/// once Redis is back: here the delay is an hour of a clock that never moves, so only the notification can bring it back.
/// </summary>
public sealed class ReaderOutageTests : OwnedRedis
{
    [RedisFact]
    public async Task A_reader_in_backoff_retries_at_the_first_notification_after_redis_is_back_not_at_the_end_of_its_delay()
    {
        var time = new VirtualTime();
        var options = new RedisSourceOptions
        {
            PollInterval = TimeSpan.FromHours(8),
            RetryDelay = TimeSpan.FromHours(1),
            MaxRetryDelay = TimeSpan.FromHours(1),
            TimeProvider = time,
        };
        await using var readers = await Server.ConnectFailFastAsync();
        using var source = new RedisStatusSource(readers, options);
        using var log = new ReportLog(source.Errors);
        var observed = new List<long>();
        using var reading = source.Observe("turn").Subscribe(s => { lock (observed) { observed.Add(s.Sequence); } });
        var tick = options.PollInterval / FollowerPoll.SlicesOf(options.PollInterval);
        await time.WaitForTimersAsync(tick, 1);

        // Down: the poll makes the reader read (if it was not reading already), which fails; it then waits an hour.
        await Server.KillAsync();
        time.Advance(tick);
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));
        await time.WaitForTimersAsync(options.RetryDelay, 1);

        // Back, with the clock still: a publisher's statuses (each append notifies) bring the reader back.
        await Server.RestartAsync();
        await using var writers = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(writers);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        for (var step = 1; step <= 200 && !Seen(observed); step++)
        {
            // Again until seen (10 s at most): a notification sent before the reader's subscription is restored is lost.
            tracker.Executing(step, $"step {step}");
            await Task.Delay(50);
        }

        Assert.True(Seen(observed), "The reader stayed in its hour of backoff.");
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportRestored));
        Assert.Equal(1, observed[0]);
        Assert.Equal(
            [RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored],
            log.Reports.Select(r => r.Kind));
    }

    private static bool Seen(List<long> observed)
    {
        lock (observed)
        {
            return observed.Count > 0;
        }
    }
}
