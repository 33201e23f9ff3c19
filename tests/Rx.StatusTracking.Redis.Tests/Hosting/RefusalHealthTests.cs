using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary>The health check after Redis refused an operation's write for good, against the shared redis-server.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class RefusalHealthTests(SharedRedis redis)
{
    [RedisFact]
    public async Task After_a_refused_write_the_check_is_degraded_for_its_window_then_healthy_again_with_the_count_kept()
    {
        var prefix = SharedRedis.NewPrefix();

        // Something else holds one operation's key, so Redis refuses that operation's write; the other's goes through.
        await redis.Connection.GetDatabase().StringSetAsync($"{prefix}:taken", "not a stream");
        using var hub = new StatusHub();
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.Connection);
        var time = new VirtualTime();
        builder.Services.AddRedisStatusPublisher(o => (o.KeyPrefix, o.TimeProvider) = (prefix, time));
        var window = TimeSpan.FromMinutes(1);
        builder.Services.AddHealthChecks().AddRedisStatusTransport(degradedAfterRefusal: window);
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        async Task<HealthReportEntry> CheckAsync() => (await health.CheckHealthAsync()).Entries[RedisStatusHealthChecksBuilderExtensions.DefaultName];
        await host.StartAsync();
        var publisher = TransportHost.Publisher(host);
        using var reports = new ReportLog(publisher.Errors);

        var healthy = await CheckAsync();
        Assert.Equal((HealthStatus.Healthy, 0L), (healthy.Status, healthy.Data["refusedCount"]));
        Assert.False(healthy.Data.ContainsKey("lastRefusedAt"));

        hub.Create("fine").Executing(1, ChatStatusMessages.AnalyzingQuery);
        hub.Create("taken").Executing(1, ChatStatusMessages.AnalyzingQuery);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var refusedAt = time.GetUtcNow();

        // Reports reach their subscribers on a delivery of their own: waited for, not assumed.
        await RoundTripTests.WaitUntil(() => reports.Has(RedisStatusErrorKind.WriteRefused));
        Assert.Equal([RedisStatusErrorKind.WriteRefused], reports.Reports.Select(r => r.Kind));
        Assert.Equal((1L, refusedAt, 1L), (publisher.RefusedCount, publisher.LastRefusedAt, publisher.PublishedCount));

        var degraded = await CheckAsync();
        Assert.Equal(
            (HealthStatus.Degraded, $"Redis refused a write of operation 'taken' at {refusedAt:O} (1 refused in all): it is no longer published; see the publisher's WriteRefused errors."),
            (degraded.Status, degraded.Description));
        Assert.Equal((1L, refusedAt, "taken"), (degraded.Data["refusedCount"], degraded.Data["lastRefusedAt"], degraded.Data["lastRefusedOperation"]));

        // Degraded to the end of the window, healthy from then on; the count and the time stay in the data.
        time.Advance(window - TimeSpan.FromTicks(1));
        Assert.Equal(HealthStatus.Degraded, (await CheckAsync()).Status);
        time.Advance(TimeSpan.FromTicks(1));
        var again = await CheckAsync();
        Assert.Equal((HealthStatus.Healthy, "Redis answers; the publisher's outbox holds 0 items."), (again.Status, again.Description));
        Assert.Equal((1L, refusedAt, "taken"), (again.Data["refusedCount"], again.Data["lastRefusedAt"], again.Data["lastRefusedOperation"]));
        await host.StopAsync();
    }
}
