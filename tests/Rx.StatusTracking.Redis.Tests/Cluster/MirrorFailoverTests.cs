using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>A mirror keeps finding new operations across a failover (discovery meets CLUSTERDOWN on the index's node).</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MirrorFailoverTests(RedisCluster cluster)
{
    [RedisFact]
    public async Task The_mirror_finds_operations_started_after_a_failover_and_stops_without_throwing()
    {
        // A short index poll, so discovery reads the index while the cluster answers CLUSTERDOWN (as a busy mirror, woken by
        // every announcement, does).
        await using var run = await ClusterRun.StartAsync(cluster, new RedisSourceOptions { MirrorPollInterval = TimeSpan.FromMilliseconds(20) });
        run.Mirror();
        var before = run.ProducerHub.Create("before");
        before.Executing(1, "running across the failover");
        await run.Publisher.FlushAsync().WaitAsync(Scripts.Bound);
        await Reading.RoundTripTests.WaitUntil(() => run.WebHub.TryGet("before", out _));

        // Another shard fails over: while it does, every node (the index's too) answers CLUSTERDOWN.
        var indexMaster = await cluster.MasterOfAsync(run.Prefix);
        var elsewhere = (await run.IdsAsync("elsewhere", 1, indexMaster, onOther: true))[0];
        await cluster.KillMasterOfAsync(run.StreamKey(elsewhere));

        // New operations on every shard, started once the cluster serves again: each must be mirrored, whole.
        var ids = Enumerable.Range(1, 6).Select(i => $"after-{i}").ToArray();
        var trackers = ids.Select(run.ProducerHub.Create).ToArray();
        foreach (var tracker in trackers)
        {
            SteadyStateTests.Produce(tracker, 4);
        }

        before.Completed(1, "done");
        before.Complete();
        for (var i = 0; i < ids.Length; i++)
        {
            await run.MirroredAsync(ids[i], 4);
            run.WebHub.TryGet(ids[i], out var mirrored);
            Assert.Equal(Scripts.AsJson(trackers[i].History), Scripts.AsJson(mirrored!.History));
        }

        await run.MirroredAsync("before", 2);
        var stopping = Record.Exception(run.StopMirroring);
        Assert.Null(stopping);
        Assert.DoesNotContain(run.SourceLog.Reports, e => e.Kind == RedisStatusErrorKind.MirrorFailed);
    }
}
