using System.Globalization;
using Rx.StatusTracking.Redis.Tests.Support;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>
/// Append notifications use sharded pub/sub: on a cluster each <c>SPUBLISH</c> reaches only its shard (the master's replica
/// over the cluster bus), where a plain <c>PUBLISH</c> is broadcast to every other node (issue 17: 1,001 publishes were
/// 5,005 cluster-bus messages on 6 nodes).
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ShardedNotificationTests(RedisCluster cluster, ITestOutputHelper output)
{
    [RedisFact]
    public async Task A_thousand_appends_cost_one_cluster_bus_message_each_on_their_own_shard_and_no_broadcast()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        var tracker = run.ProducerHub.Create("chatty");
        tracker.Executing(1, "warming up");
        await run.Publisher.FlushAsync().WaitAsync(Scripts.Bound);
        var before = await CountersAsync();

        // One append (and one notification) at a time, the most notifications 1,000 statuses can make.
        for (var n = 0; n < 1000; n++)
        {
            tracker.Executing(1, $"token {n}");
            await run.Publisher.FlushAsync().WaitAsync(Scripts.Bound);
        }

        var after = await CountersAsync();
        var delta = after.Zip(before, (a, b) => (a.Port, Spublish: a.Spublish - b.Spublish, Publish: a.Publish - b.Publish, Shard: a.Shard - b.Shard, Broadcast: a.Broadcast - b.Broadcast, Bytes: a.Bytes - b.Bytes)).ToArray();
        foreach (var d in delta)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"node {d.Port}: SPUBLISH {d.Spublish}, PUBLISH {d.Publish}, cluster-bus publishshard sent {d.Shard}, publish sent {d.Broadcast}, net output {d.Bytes} bytes"));
        }

        var spublished = delta.Sum(d => d.Spublish);
        // About one each (the counters are read while the last notifications may still be on their way).
        Assert.InRange(spublished, 990, 1010);
        Assert.Equal(0, delta.Sum(d => d.Publish));
        Assert.Equal(0, delta.Sum(d => d.Broadcast));

        // Each notification goes at most to the one replica of its shard, not to the five other nodes (measured: 1,002
        // SPUBLISH, 1,000 cluster-bus messages, all on the stream's master; the other nodes sent about 3.3 KB each, their pings).
        Assert.InRange(delta.Sum(d => d.Shard), spublished - 10, spublished + 10);
    }

    private Task<(int Port, long Spublish, long Publish, long Shard, long Broadcast, long Bytes)[]> CountersAsync() =>
        Task.WhenAll(cluster.Ports.Select(async port =>
        {
            var commands = await RedisCluster.CliAsync(port, "INFO", "commandstats");
            var bus = await RedisCluster.CliAsync(port, "CLUSTER", "INFO");
            return (port, Calls(commands, "spublish"), Calls(commands, "publish"), Field(bus, "cluster_stats_messages_publishshard_sent"),
                Field(bus, "cluster_stats_messages_publish_sent"), await RedisCluster.InfoAsync(port, "stats", "total_net_output_bytes"));
        }));

    private static long Calls(string commandStats, string command)
    {
        var line = commandStats.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:calls=", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split('=', ',')[1], CultureInfo.InvariantCulture);
    }

    private static long Field(string info, string field)
    {
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(field.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }
}
