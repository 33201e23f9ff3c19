using System.Reactive.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Redis.Tests.Reading;
using Rx.StatusTracking.Redis.Tests.Support;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Tests.Hosting;

/// <summary><c>AddRedisStatusPublisher</c> in a real host, against the shared redis-server.</summary>
[Collection(SharedRedisCollection.Name)]
public sealed class PublisherHostingTests(SharedRedis redis)
{
    /// <summary>A started host whose publisher writes through the shared connection (registered in the service collection).</summary>
    private async Task<IHost> StartAsync(StatusHub hub, string prefix, CapturingLoggerProvider? logs = null, int maxOutbox = 10_000)
    {
        var builder = TransportHost.Builder(hub, logs ?? new CapturingLoggerProvider());
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.Connection);
        builder.Services.AddRedisStatusPublisher(o => (o.KeyPrefix, o.MaxOutbox) = (prefix, maxOutbox));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static List<ChatStatus> Recorded(ChatStatusTracker tracker)
    {
        var recorded = new List<ChatStatus>();
        tracker.Subscribe(recorded.Add);
        return recorded;
    }

    [RedisFact]
    public async Task While_the_host_runs_every_operation_of_the_hub_reaches_redis_through_a_connection_made_from_the_connection_string()
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        builder.Services.AddRedisStatusPublisher(o =>
        {
            o.ConnectionString = redis.Server.Endpoint;
            o.KeyPrefix = prefix;
        });
        using var host = builder.Build();
        await host.StartAsync();

        var turn = hub.Create("turn-1");
        var recorded = Recorded(turn);
        Scripts.ChatTurnWithRetryAndReset(turn);
        turn.Complete();
        var read = await new RedisStatusSource(redis.Connection, new() { KeyPrefix = prefix }).Observe("turn-1").ToList().Timeout(Scripts.Bound);

        Assert.Equal(Scripts.AsJson(recorded), Scripts.AsJson(read));
        var connection = TransportHost.PublisherConnection(host);
        Assert.NotSame(redis.Connection, connection);
        await host.StopAsync();
        Assert.True(connection.IsConnected);

        // Made by the service collection, so disposed with it.
        host.Dispose();
        Assert.False(connection.IsConnected);
    }

    [RedisFact]
    public async Task Stopping_the_host_writes_the_statuses_still_waiting_before_it_returns()
    {
        var publisher = await StopWhileHeldAsync(
            turn =>
            {
                turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
                turn.Completed(1, ChatStatusMessages.QueryPrepared);
                turn.Executing(2, ChatStatusMessages.ExecutingTool("web_search"));
            },
            (_, publisher) => Assert.Equal(3, publisher.OutboxCount));

        Assert.Equal(0, publisher.OutboxCount);
    }

    [RedisFact]
    public async Task A_status_reported_after_the_stop_began_is_written_before_the_stop_returns()
    {
        // Work that stops after the publisher (or runs on) reports while the stop still flushes.
        var publisher = await StopWhileHeldAsync(
            turn => turn.Executing(1, ChatStatusMessages.AnalyzingQuery),
            (turn, publisher) =>
            {
                turn.Completed(1, ChatStatusMessages.QueryPrepared);
                Assert.False(publisher.IsClosing);
                Assert.Equal(2, publisher.OutboxCount);
            });

        Assert.True(publisher.IsClosing);
    }

    /// <summary>
    /// Reports <paramref name="waiting"/> with the writer held, so they still wait when the host's stop begins and for as long
    /// as it runs; runs <paramref name="whileStopping"/> once the stop has begun, releases the writer, and checks that once the
    /// stop returns the operation's stream holds every status the tracker recorded.
    /// </summary>
    private async Task<RedisStatusPublisher> StopWhileHeldAsync(Action<ChatStatusTracker> waiting, Action<ChatStatusTracker, RedisStatusPublisher> whileStopping)
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        using var host = await StartAsync(hub, prefix);
        var publisher = TransportHost.Publisher(host);
        var turn = hub.Create("turn");
        var recorded = Recorded(turn);
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        var held = await HeldWriter.HoldAsync(publisher);
        waiting(turn);
        var stopping = host.StopAsync();

        // The hosted publisher gives up its run as its stop begins.
        await RoundTripTests.WaitUntil(() => host.Services.GetRequiredService<Internal.RedisPublisherService>().Current is null);
        whileStopping(turn, publisher);
        Assert.False(stopping.IsCompleted);
        held.Release();
        await stopping.WaitAsync(Scripts.Bound);

        Assert.Equal(Scripts.AsJson(recorded), await TransportHost.StreamAsync(redis.Connection, prefix, "turn"));
        return publisher;
    }

    [RedisFact]
    public async Task A_multiplexer_registered_in_the_service_collection_is_the_one_used_and_it_is_not_disposed()
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        using (var host = await StartAsync(hub, prefix))
        {
            Assert.Same(redis.Connection, TransportHost.PublisherConnection(host));
            var turn = hub.Create("turn");
            var recorded = Recorded(turn);
            turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
            turn.Completed(1, ChatStatusMessages.QueryPrepared);
            await host.StopAsync();
            Assert.Equal(Scripts.AsJson(recorded), await TransportHost.StreamAsync(redis.Connection, prefix, "turn"));
        }

        Assert.True(redis.Connection.IsConnected);
        Assert.True(await redis.Connection.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }

    [RedisFact]
    public async Task The_hosted_publisher_and_mirror_given_one_connection_string_share_one_connection()
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        builder.Services.AddRedisStatusPublisher(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.Endpoint, prefix));
        builder.Services.AddRedisStatusMirror(o => (o.ConnectionString, o.KeyPrefix) = (redis.Server.Endpoint, prefix));
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Same(TransportHost.PublisherConnection(host), host.Services.GetRequiredService<Internal.RedisMirrorService>().Current?.Redis);
        await host.StopAsync();
    }

    [RedisFact]
    public async Task Calling_AddRedisStatusPublisher_twice_registers_one_publisher_with_both_configurations()
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        var builder = TransportHost.Builder(hub, new CapturingLoggerProvider());
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.Connection);
        builder.Services.AddRedisStatusPublisher(o => o.KeyPrefix = "first");
        builder.Services.AddRedisStatusPublisher(o => o.KeyPrefix = prefix);
        using var host = builder.Build();

        Assert.Single(host.Services.GetServices<IHostedService>());
        await host.StartAsync();
        var turn = hub.Create("turn");
        turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
        await host.StopAsync();
        Assert.Single(await TransportHost.StreamAsync(redis.Connection, prefix, "turn"));
    }

    [RedisFact]
    public async Task The_publishers_reports_are_logged_at_the_level_of_their_kind()
    {
        var prefix = SharedRedis.NewPrefix();
        using var hub = new StatusHub();
        var logs = new CapturingLoggerProvider();
        using var host = await StartAsync(hub, prefix, logs, maxOutbox: 1);
        var publisher = TransportHost.Publisher(host);
        var turn = hub.Create("turn");
        await publisher.FlushAsync().WaitAsync(Scripts.Bound);

        // Past a full outbox, the first update of step 1 gives way to its second: a conflation, by design, so no warning.
        using (await HeldWriter.HoldAsync(publisher))
        {
            turn.Executing(1, "first");
            turn.Executing(1, "second");
        }

        await host.StopAsync();
        Assert.Equal(
            [new LogEntry(TransportHost.PublisherCategory, LogLevel.Information, 1, "RedisStatusError", "StatusesConflated: The outbox is full (1): older statuses of a step give way to its newest; 1 conflated so far.")],
            logs.Entries(TransportHost.PublisherCategory));
    }
}
