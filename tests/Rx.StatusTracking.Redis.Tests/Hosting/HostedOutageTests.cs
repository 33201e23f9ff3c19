using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Publishing;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary>The hosted publisher and its health check while Redis is down. Each test owns a redis-server it kills.</summary>
public sealed class HostedOutageTests : OwnedRedis
{
    [RedisFact]
    public async Task Stopped_with_redis_down_it_gives_up_at_the_hosts_shutdown_timeout_and_reports_and_logs_what_it_gave_up()
    {
        await using var connection = await Server.ConnectFailFastAsync();
        using var hub = new StatusHub();
        var logs = new CapturingLoggerProvider();
        var builder = TransportHost.Builder(hub, logs);
        var shutdownTimeout = TimeSpan.FromSeconds(1);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        builder.Services.AddSingleton<IConnectionMultiplexer>(connection);

        // The retry delays run on a clock nobody advances: only the host's stop ends the wait.
        builder.Services.AddRedisStatusPublisher(o => o.TimeProvider = new VirtualTime());
        using var host = builder.Build();
        await host.StartAsync();
        var publisher = TransportHost.Publisher(host);
        using var reports = new ReportLog(publisher.Errors);
        var turn = hub.Create("turn");
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        await Server.KillAsync();
        turn.Completed(1, ChatStatusMessages.QueryPrepared);
        turn.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
        turn.Completed(2, ChatStatusMessages.ToolCompleted("web_search"));
        await RoundTripTests.WaitUntil(() => reports.Has(RedisStatusErrorKind.TransportFailed));
        var stopwatch = Stopwatch.StartNew();
        await host.StopAsync().WaitAsync(Scripts.Bound);
        stopwatch.Stop();

        // The host's timeout runs on the timer queue's millisecond tick count, so by the Stopwatch it may end up to a tick
        // early (seen: 999.6 ms of a 1 s timeout).
        Assert.InRange(stopwatch.Elapsed, shutdownTimeout - TimeSpan.FromMilliseconds(10), Scripts.Bound);
        const string givenUp = "The publisher was stopped by the host with 3 items still waiting for Redis; they were given up.";
        Assert.Equal(
            [
                new LogEntry(TransportHost.PublisherCategory, LogLevel.Warning, 1, "RedisStatusError", $"TransportFailed: {reports.Reports[0].Message}"),
                new LogEntry(TransportHost.PublisherCategory, LogLevel.Warning, 1, "RedisStatusError", $"StatusesDropped: {givenUp}"),
            ],
            logs.Entries(TransportHost.PublisherCategory));
        var all = await reports.CompletedAsync();
        Assert.Equal([RedisStatusErrorKind.TransportFailed, RedisStatusErrorKind.StatusesDropped], all.Select(e => e.Kind));
        Assert.Equal((givenUp, 3), (all[1].Message, all[1].Count));
    }

    [RedisFact]
    public async Task The_health_check_is_healthy_degraded_past_the_threshold_unhealthy_during_an_outage_and_healthy_again_after_it()
    {
        await using var connection = await Server.ConnectFailFastAsync();
        using var hub = new StatusHub();
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        builder.Services.AddSingleton<IConnectionMultiplexer>(connection);
        var time = new VirtualTime();
        var options = new RedisPublisherOptions { TimeProvider = time, DisposeTimeout = TimeSpan.Zero };
        builder.Services.AddRedisStatusPublisher(o => (o.TimeProvider, o.DisposeTimeout) = (options.TimeProvider, options.DisposeTimeout));
        builder.Services.AddHealthChecks().AddRedisStatusTransport(degradedOutboxCount: 2);
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        async Task<HealthReportEntry> CheckAsync() => (await health.CheckHealthAsync()).Entries[RedisStatusHealthChecksBuilderExtensions.DefaultName];
        static Dictionary<string, object> Counts(int outbox, int peak, long published) => new()
        {
            ["outboxCount"] = outbox,
            ["writingCount"] = 0,
            ["degradedOutboxCount"] = 2,
            ["peakOutboxCount"] = peak,
            ["publishedCount"] = published,
            ["conflatedCount"] = 0L,
            ["droppedCount"] = 0L,
            ["refusedCount"] = 0L,
        };

        var before = await CheckAsync();
        Assert.Equal((HealthStatus.Unhealthy, "The Redis status publisher is not running (the host has not started it, or has stopped it)."), (before.Status, before.Description));

        await host.StartAsync();
        var publisher = TransportHost.Publisher(host);
        var turn = hub.Create("turn");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var healthy = await CheckAsync();
        Assert.Equal((HealthStatus.Healthy, "Redis answers; the publisher's outbox holds 0 items."), (healthy.Status, healthy.Description));
        Assert.Equal(Counts(outbox: 0, peak: 1, published: 0), healthy.Data);

        // Three statuses wait while the writer is held: more than the threshold.
        using (await HeldWriter.HoldAsync(publisher))
        {
            turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
            turn.Completed(1, ChatStatusMessages.QueryPrepared);
            turn.Executing(2, ChatStatusMessages.WaitingOpenAI);
            var degraded = await CheckAsync();
            Assert.Equal(
                (HealthStatus.Degraded, "The publisher's outbox holds 3 items, more than 2: Redis takes statuses more slowly than they come."),
                (degraded.Status, degraded.Description));
            Assert.Equal(Counts(outbox: 3, peak: 3, published: 0), degraded.Data);
        }

        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        // Down: Redis does not answer.
        await Server.KillAsync();
        await RoundTripTests.WaitUntil(async () => (await CheckAsync()).Status == HealthStatus.Unhealthy);
        Assert.StartsWith("Redis does not answer: ", (await CheckAsync()).Description, StringComparison.Ordinal);

        // A status while down: the writer fails and waits to retry on the virtual clock, so the outage outlives Redis's return.
        var failedAt = time.GetUtcNow();
        turn.Completed(2, ChatStatusMessages.ReceivedResponse);
        await time.WaitForTimersAsync(options.RetryDelay, 1);
        await Server.RestartAsync();
        await RoundTripTests.WaitUntil(() => connection.IsConnected);
        var outage = await CheckAsync();
        Assert.Equal((HealthStatus.Unhealthy, $"The publisher has failed to write to Redis since {failedAt:O}."), (outage.Status, outage.Description));
        Assert.Equal(failedAt, outage.Data["outageSince"]);
        Assert.Equal((0, 1), (outage.Data["outboxCount"], outage.Data["writingCount"]));

        // The retry goes through: healthy again.
        time.Advance(options.RetryDelay);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var again = await CheckAsync();
        Assert.Equal((HealthStatus.Healthy, "Redis answers; the publisher's outbox holds 0 items."), (again.Status, again.Description));
        Assert.Equal(Counts(outbox: 0, peak: 3, published: 4), again.Data);

        await host.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }
}
