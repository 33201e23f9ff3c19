using Rx.StatusTracking.Redis.Tests.Support;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>The fixture itself: a whole cluster of three masters with a replica each, and how long it took to start.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterFixtureTests(RedisCluster cluster, ITestOutputHelper output)
{
    [RedisFact]
    public async Task The_fixture_runs_three_masters_with_a_replica_each_on_its_own_ports()
    {
        await cluster.RestoreAsync();
        output.WriteLine($"cluster start (six processes to cluster_state:ok and replicas in sync): {cluster.StartTime.TotalMilliseconds:F0} ms");

        var nodes = ClusterNode.Parse(await RedisCluster.CliAsync(cluster.Ports[0], "CLUSTER", "NODES"));
        Assert.Equal(cluster.Ports.Order(), nodes.Select(n => n.Port).Order());
        var masters = nodes.Where(n => n.IsMaster).ToArray();
        Assert.Equal(3, masters.Length);
        Assert.Equal(16384, masters.Sum(m => m.Slots.Sum(r => r.Last - r.First + 1)));
        Assert.DoesNotContain(nodes, n => n.Failing);
        Assert.InRange(cluster.StartTime, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(15));
    }
}
