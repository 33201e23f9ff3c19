using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Internal;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary><c>AddRedisStatusMirror</c> in a real host, against the shared redis-server.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class MirrorHostingTests(SharedRedis redis)
{
    private const string SourceCategory = "Rx.StatusTracking.Redis.RedisStatusSource";

    [RedisFact]
    public async Task While_the_host_runs_the_hub_mirrors_the_operations_another_hub_publishes_and_after_the_stop_it_follows_no_more()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        using var webHub = new StatusHub(new StatusHubOptions { MaxOperationIdLength = 8 });
        var logs = new CapturingLoggerProvider();
        var builder = TransportHost.Builder(webHub, logs);
        builder.Services.AddRedisStatusMirror(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.Endpoint, prefix));
        builder.Services.AddHealthChecks().AddRedisStatusTransport();
        using var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var running = (await health.CheckHealthAsync()).Entries[RedisStatusHealthChecksBuilderExtensions.DefaultName];
        Assert.Equal((HealthStatus.Healthy, "Redis answers."), (running.Status, running.Description));
        Assert.Empty(running.Data);

        var turn = producerHub.Create("turn-1");
        Scripts.ChatTurnWithRetryAndReset(turn);
        turn.Complete();
        await RoundTripTests.WaitUntil(() => webHub.TryGet("turn-1", out var mirrored) && mirrored.IsCompleted);
        webHub.TryGet("turn-1", out var mirroredTurn);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(mirroredTurn!.History));

        // An id the web hub refuses (longer than its 8 characters) is reported, and the report is logged as a warning.
        producerHub.Create("a-longer-id").Executing(1, ChatStatusMessages.AnalyzingQuery);
        await RoundTripTests.WaitUntil(() => logs.Entries(SourceCategory).Count == 1);
        var refused = Assert.Single(logs.Entries(SourceCategory));
        Assert.Equal((LogLevel.Warning, 1, "RedisStatusError"), (refused.Level, refused.EventId, refused.EventName));
        Assert.StartsWith("MirrorFailed: An operation in Redis was not mirrored: this hub does not accept its id.", refused.Message, StringComparison.Ordinal);

        await host.StopAsync();
        Assert.Null(host.Services.GetRequiredService<RedisMirrorService>().Current);
        var stopped = (await health.CheckHealthAsync()).Entries[RedisStatusHealthChecksBuilderExtensions.DefaultName];
        Assert.Equal((HealthStatus.Unhealthy, "The Redis status mirror is not running (the host has not started it, or has stopped it)."), (stopped.Status, stopped.Description));

        // Published after the stop: another mirror, started later, has it; the stopped one does not.
        var later = producerHub.Create("later");
        later.Executing(1, ChatStatusMessages.AnalyzingQuery);
        later.Complete();
        using var otherSource = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var otherHub = new StatusHub();
        using (otherSource.MirrorTo(otherHub))
        {
            await RoundTripTests.WaitUntil(() => otherHub.TryGet("later", out var t) && t.IsCompleted);
        }

        Assert.False(webHub.TryGet("later", out _));
        Assert.Equal(["turn-1"], webHub.OperationIds);
    }

    [RedisFact]
    public async Task A_server_that_both_publishes_and_mirrors_writes_its_own_operations_and_leaves_the_mirrored_streams_as_their_producer_wrote_them()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var producer = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = producer.PublishHub(producerHub);
        using var hub = new StatusHub();
        var logs = new CapturingLoggerProvider();
        var builder = TransportHost.Builder(hub, logs);
        builder.Services.AddRedisStatusPublisher(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.Endpoint, prefix));
        builder.Services.AddRedisStatusMirror(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.Endpoint, prefix));
        using var host = builder.Build();
        await host.StartAsync();

        var elsewhere = producerHub.Create("elsewhere");
        var producedElsewhere = new List<ChatStatus>();
        elsewhere.Subscribe(producedElsewhere.Add);
        Scripts.ChatTurnWithRetryAndReset(elsewhere);
        elsewhere.Complete();
        var local = hub.Create("local");
        var producedLocally = new List<ChatStatus>();
        local.Subscribe(producedLocally.Add);
        local.Executing(1, ChatStatusMessages.AnalyzingQuery);
        local.Completed(1, ChatStatusMessages.QueryPrepared);
        await RoundTripTests.WaitUntil(() => hub.TryGet("elsewhere", out var mirrored) && mirrored.IsCompleted);

        // The hosted publisher follows the mirrored operation too: its writes find the producer's entries there already.
        await host.StopAsync();
        await producer.FlushAsync().WaitAsync(Scripts.Bound);
        Assert.Equal(Scripts.AsJson(producedElsewhere), await TransportHost.StreamAsync(redis.Connection, prefix, "elsewhere"));
        Assert.Equal(Scripts.AsJson(producedLocally), await TransportHost.StreamAsync(redis.Connection, prefix, "local"));
        Assert.Empty(logs.Entries(TransportHost.PublisherCategory));
        Assert.Empty(logs.Entries(SourceCategory));
    }
}
