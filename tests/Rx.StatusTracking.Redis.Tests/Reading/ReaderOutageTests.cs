using System.Diagnostics;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Reading;

/// <summary>
/// A reader that met a long outage is deep in its backoff (the source's clock: 1, 2, 4… minutes) when Redis comes back;
/// past its first delay, the first notification brings it back, rather than the end of a half-hour delay.
/// </summary>
public sealed class ReaderOutageTests : OwnedRedis
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    [RedisFact]
    public async Task A_reader_deep_in_backoff_is_back_at_the_first_notification_once_redis_is_back()
    {
        var time = new VirtualTime();
        var options = new RedisSourceOptions { PollInterval = TimeSpan.FromHours(8), RetryDelay = RetryDelay, MaxRetryDelay = TimeSpan.FromHours(8), TimeProvider = time };
        await using var readers = await Server.ConnectFailFastAsync();
        using var source = new RedisStatusSource(readers, options);
        using var log = new ReportLog(source.Errors);
        var observed = new List<long>();
        using var reading = source.Observe("turn").Subscribe(s => { lock (observed) { observed.Add(s.Sequence); } });
        var tick = options.PollInterval / FollowerPoll.SlicesOf(options.PollInterval);
        await time.WaitForTimersAsync(tick, 1);

        // Down for 40 minutes of the source's clock: the poll makes the reader read (if it was not reading already),
        // which fails, and it backs off 1, 2, 4, 8, 16, then 32 minutes.
        await Server.KillAsync();
        time.Advance(tick);
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportFailed));
        for (var minute = 0; minute < 40; minute++)
        {
            await Task.Yield();
            time.Reach(RetryDelay);
        }

        // Back: the reader's own connection first, so a notification does not wake it into one more failed read. Then a
        // status a minute (each append notifies): past its first delay, the notification brings the reader back.
        await Server.RestartAsync();
        await RoundTripTests.WaitUntil(async () => await AnswersAsync(readers));
        await using var writers = await Server.ConnectAsync();
        await using var publisher = new RedisStatusPublisher(writers);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        var minutes = 0;
        while (minutes < 3 && !Seen(observed))
        {
            tracker.Executing(1, $"update {++minutes}");
            await publisher.FlushAsync();
            time.Reach(RetryDelay);
            await SeenWithinAsync(observed, TimeSpan.FromSeconds(3));
        }

        Assert.True(Seen(observed), "The reader stayed in its backoff.");
        await RoundTripTests.WaitUntil(() => log.Has(RedisStatusErrorKind.TransportRestored));
        Assert.Equal(1, observed[0]);
        Assert.Equal(
            [RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored],
            log.Reports.Select(r => r.Kind));
    }

    private static async Task<bool> AnswersAsync(ConnectionMultiplexer redis)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }

    // Real time: the read and its delivery go through Redis.
    private static async Task SeenWithinAsync(List<long> observed, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!Seen(observed) && clock.Elapsed < within)
        {
            await Task.Delay(20);
        }
    }

    private static bool Seen(List<long> observed)
    {
        lock (observed)
        {
            return observed.Count > 0;
        }
    }
}
