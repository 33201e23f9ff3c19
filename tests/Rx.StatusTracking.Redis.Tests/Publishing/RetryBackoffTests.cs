using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>The publisher's retry delays, in virtual time: the test owns a redis-server it kills and starts again.</summary>
public sealed class RetryBackoffTests : IAsyncLifetime
{
    private RedisServer? _server;

    private RedisServer Server => _server ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is not null)
        {
            _server = await RedisServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task While_redis_is_down_a_write_is_retried_after_delays_of_the_options_clock_doubling_from_RetryDelay_up_to_MaxRetryDelay()
    {
        // Commands fail at once while the connection is down (instead of waiting out a timeout in real time), so each
        // attempt's failure follows the previous delay's end without a wait of its own.
        var configuration = ConfigurationOptions.Parse(Server.Endpoint);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(50);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var time = new VirtualTime();
        // No dispose timeout: a test that fails with Redis down must not wait at disposal for a clock nobody advances.
        var options = new RedisPublisherOptions { RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500), DisposeTimeout = TimeSpan.Zero, TimeProvider = time };
        await using var publisher = new RedisStatusPublisher(connection, options);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        tracker.Executing(1, "before the outage");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Empty(time.Timers);
        await Server.KillAsync();
        tracker.Completed(1, "during the outage");

        // Each failed attempt starts one delay, and the next attempt comes only once the clock passes it.
        TimeSpan[] doubling = [.. new[] { 100, 200, 400, 500, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms))];
        for (var attempt = 0; attempt < doubling.Length; attempt++)
        {
            await RoundTripTests.WaitUntil(() => time.Timers.Length == attempt + 1);
            Assert.Equal(doubling[..(attempt + 1)], time.Timers);
            time.Advance(doubling[attempt]);
        }

        // Back: the attempts go on at the longest delay until the connection is up again, then the write goes through.
        await Server.RestartAsync();
        var flushed = publisher.FlushAsync();
        var passed = doubling.Length;
        while (true)
        {
            await RoundTripTests.WaitUntil(() => flushed.IsCompleted || time.Timers.Length > passed);
            if (flushed.IsCompleted)
            {
                break;
            }

            time.Advance(options.MaxRetryDelay);
            passed++;
        }

        await flushed;
        var delays = time.Timers;
        Assert.Equal(doubling, delays[..doubling.Length]);
        Assert.All(delays[doubling.Length..], d => Assert.Equal(options.MaxRetryDelay, d));
        await publisher.DisposeAsync();
        var errors = await log.CompletedAsync();
        Assert.Equal([RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.TransportRestored], errors.Select(e => e.Kind));
        Assert.Equal(delays.Length, errors[1].Count);
        Assert.Equal(time.GetUtcNow(), errors[1].Timestamp);
    }
}
