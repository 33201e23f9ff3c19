using Rx.StatusTracking.Redis.Tests.Support;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>
/// The master of a busy operation's stream is killed (SIGKILL) while operations on the healthy shards run: every reader
/// ends with exactly the producer's statuses or with a reported loss, no live reader ends with an error, and the healthy
/// shards keep flowing.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class FailoverTests(RedisCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(5);

    [RedisFact]
    public async Task Killing_a_busy_master_leaves_every_reader_exact_or_told_of_the_loss_and_healthy_shards_flowing()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        run.Mirror();
        var victimMaster = await cluster.MasterOfAsync(run.StreamKey("victim-0"));
        var ids = (await run.IdsAsync("victim", 2, victimMaster)).Concat(await run.IdsAsync("healthy", 4, victimMaster, onOther: true)).ToArray();
        var healthy = ids[2..];
        var trackers = ids.Select(run.ProducerHub.Create).ToArray();
        var live = ids.Select(run.Follow).ToArray();
        using var stop = new CancellationTokenSource();
        var producing = trackers.Select(t => ClusterRun.ProduceUntilAsync(t, Pace, stop.Token)).ToArray();

        await Task.Delay(500);
        var healthyPort = await cluster.MasterOfAsync(run.StreamKey(healthy[0]));
        TimeSpan killedAt, failedOver;
        (TimeSpan First, TimeSpan Last)? down;
        var healthyStreams = await Task.WhenAll(healthy.Select(async id => (await cluster.MasterOfAsync(run.StreamKey(id)), run.StreamKey(id))));
        (TimeSpan Gap, TimeSpan Since)[] writerStalls;
        await using (var growth = new StreamGrowthWatch(healthyStreams, () => run.Now))
        await using (var watch = new ClusterStateWatch(healthyPort, () => run.Now))
        {
            killedAt = run.Now;
            var (_, failover) = await cluster.KillMasterOfAsync(run.StreamKey(ids[0]));
            failedOver = killedAt + failover;
            await Task.Delay(1000); // the clients find the new master, the writer catches up
            down = watch.Down;
            writerStalls = growth.LongestGaps(killedAt, run.Now);
        }

        var windowEnd = run.Now;
        await stop.CancelAsync();
        await Task.WhenAll(producing);

        var stalls = healthy.Select((id, i) => live[i + 2].LongestGap(killedAt, windowEnd)).ToArray();
        output.WriteLine($"failover (SIGKILL to cluster_state:ok on every node): {(failedOver - killedAt).TotalMilliseconds:F0} ms");
        output.WriteLine(down is { } d
            ? $"cluster_state:fail on a healthy node: from {(d.First - killedAt).TotalMilliseconds:F0} to {(d.Last - killedAt).TotalMilliseconds:F0} ms after the kill ({(d.Last - d.First).TotalMilliseconds:F0} ms of CLUSTERDOWN)"
            : "cluster_state:fail never seen on a healthy node");
        output.WriteLine($"longest stall of each healthy operation's live reader: {string.Join(", ", stalls.Select(s => $"{s.TotalMilliseconds:F0} ms"))}");
        output.WriteLine($"longest time each healthy stream did not grow in Redis (XLEN every 10 ms): {string.Join(", ", writerStalls.Select(s => $"{s.Gap.TotalMilliseconds:F0} ms from {(s.Since - killedAt).TotalMilliseconds:F0} ms after the kill"))}");
        output.WriteLine(run.Describe());

        // A live reader never ends with OnError for a transport problem: CLUSTERDOWN and TRYAGAIN are transient.
        await run.AssertEveryReaderAsync(ids, trackers, live);

        // Healthy shards stall only for the cluster's own CLUSTERDOWN window (every node refuses every command then) and the
        // retry that follows it, not behind the dead shard's writes: see the README's Redis Cluster figures.
        var clusterDown = down is { } w ? w.Last - w.First : TimeSpan.Zero;
        Assert.All(stalls, s => Assert.True(s < clusterDown + StallAllowance, $"A healthy operation stalled {s.TotalMilliseconds:F0} ms; the cluster was down {clusterDown.TotalMilliseconds:F0} ms."));
    }

    /// <summary>What a healthy operation may stall beyond the cluster's CLUSTERDOWN window (justified in the README).</summary>
    internal static readonly TimeSpan StallAllowance = TimeSpan.FromMilliseconds(1000);
}
