using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Publishing;

/// <summary>What a publisher shows during an outage, and what it gives up when closed during one. Each test owns a redis-server it kills.</summary>
public sealed class OutageTests : IAsyncLifetime
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

    /// <summary>A connection whose commands fail at once while Redis is down, rather than after a timeout of real time.</summary>
    internal static Task<ConnectionMultiplexer> FailFastAsync(RedisServer server)
    {
        var configuration = ConfigurationOptions.Parse(server.Endpoint);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry(50);
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }

    [RedisFact]
    public async Task Disposed_while_redis_is_down_it_reports_every_item_given_up_the_batch_being_retried_included()
    {
        await using var connection = await FailFastAsync(Server);
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

    [RedisFact]
    public async Task OutageSince_is_the_time_of_the_first_failed_attempt_until_a_retry_goes_through()
    {
        await using var connection = await FailFastAsync(Server);
        var time = new VirtualTime();
        var options = new RedisPublisherOptions { TimeProvider = time, DisposeTimeout = TimeSpan.Zero };
        await using var publisher = new RedisStatusPublisher(connection, options);
        using var log = new ReportLog(publisher.Errors);
        using var tracker = new ChatStatusTracker();
        using var publishing = publisher.Publish("turn", tracker);
        tracker.Executing(1, "before the outage");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Null(publisher.OutageSince);

        await Server.KillAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        var failedAt = time.GetUtcNow();
        tracker.Completed(1, "during the outage");
        await time.WaitForTimersAsync(options.RetryDelay, 1);
        Assert.Equal(failedAt, publisher.OutageSince);

        // Still the first failure's time after more failed attempts.
        time.Advance(options.RetryDelay);
        await time.WaitForTimersAsync(options.RetryDelay * 2, 1);
        Assert.Equal(failedAt, publisher.OutageSince);

        await Server.RestartAsync();
        var flushed = publisher.FlushAsync();
        while (!flushed.IsCompleted)
        {
            // One retry delay is running: the clock passes it, and the retry either goes through or starts the next.
            var timers = time.Timers.Length;
            time.Advance(options.MaxRetryDelay);
            await RoundTripTests.WaitUntil(() => flushed.IsCompleted || time.Timers.Length > timers);
        }

        await flushed.WaitAsync(Scripts.Bound);
        Assert.Null(publisher.OutageSince);
    }
}
