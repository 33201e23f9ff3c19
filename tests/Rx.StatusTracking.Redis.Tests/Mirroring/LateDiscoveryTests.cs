using Rx.StatusTracking.AspNetCore;
using Rx.StatusTracking.AspNetCore.Tests.Support;
using Rx.StatusTracking.Client;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Mirroring;

/// <summary>
/// Two servers behind a load balancer, end to end: one runs the operation and publishes it, the other serves it from its
/// mirror on Kestrel (<see cref="StatusEndpointOptions.UnknownOperationWait"/> set). A client that reaches the second
/// server before the operation is even in Redis is served once the mirror finds it, instead of getting a 404.
/// </summary>
[Collection(SharedRedisCollection.Name)]
public sealed class LateDiscoveryTests(SharedRedis redis)
{
    [RedisFact]
    public async Task A_client_asking_a_mirroring_server_before_the_operation_reached_redis_gets_all_its_statuses()
    {
        var prefix = SharedRedis.NewPrefix();
        using var producerHub = new StatusHub();
        await using var publisher = new RedisStatusPublisher(redis.Connection, new RedisPublisherOptions { KeyPrefix = prefix });
        using var publishing = publisher.PublishHub(producerHub);
        using var source = new RedisStatusSource(redis.Connection, new RedisSourceOptions { KeyPrefix = prefix });
        using var webHub = new StatusHub();
        using var mirroring = source.MirrorTo(webHub);
        await using var server = await StatusServer.StartAsync(webHub, new StatusEndpointOptions { UnknownOperationWait = Scripts.Bound });

        // The producing server has run the turn, but nothing of it has reached Redis yet.
        ChatStatusTracker turn;
        using (await HeldWriter.HoldAsync(publisher))
        {
            turn = producerHub.Create("turn");
            turn.Executing(1, ChatStatusMessages.AnalyzingQuery);
            turn.Completed(1, ChatStatusMessages.QueryPrepared);
            turn.Executing(2, ChatStatusMessages.ExecutingTool("web_search"), new { query = "rx" });
            turn.Completed(2, ChatStatusMessages.ToolCompleted("web_search"), new { results = 3 });
            turn.Complete();
            Assert.False(webHub.TryGet("turn", out _));
        }

        // Asked for at once (the writer goes on as the request goes out): the mirror finds it while the request waits.
        using var timeout = new CancellationTokenSource(Scripts.Bound);
        var followed = new List<ChatStatus>();
        await foreach (var status in new StatusStreamClient(server.Client).FollowAsync("turn", cancellationToken: timeout.Token))
        {
            followed.Add(status);
        }

        Assert.Equal(4, followed.Count);
        Assert.Equal(Scripts.AsJson(turn.History), Scripts.AsJson(followed));
    }
}
