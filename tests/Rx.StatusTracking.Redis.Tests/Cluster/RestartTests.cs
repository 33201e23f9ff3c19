using Rx.StatusTracking.Redis.Tests.Support;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>A node that restarts empty (no persistence): before a failover (still the master, its data gone), and after one.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RestartTests(RedisCluster cluster, ITestOutputHelper output)
{
    [RedisFact]
    public async Task A_master_that_restarts_empty_before_any_failover_leaves_every_reader_exact_or_told_of_the_loss()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        run.Mirror();
        var master = await cluster.MasterOfAsync(run.StreamKey("lost-0"));
        var ids = (await run.IdsAsync("lost", 2, master)).Concat(await run.IdsAsync("kept", 2, master, onOther: true)).ToArray();
        var trackers = ids.Select(run.ProducerHub.Create).ToArray();
        var live = ids.Select(run.Follow).ToArray();
        using var stop = new CancellationTokenSource();
        var producing = trackers.Select(t => ClusterRun.ProduceUntilAsync(t, TimeSpan.FromMilliseconds(5), stop.Token)).ToArray();
        await Task.Delay(500);

        // Back well within the node timeout: the cluster never fails it over, so it serves its slots again, empty, and its
        // replica resynchronizes from it (empty too).
        cluster.Kill(master);
        await cluster.RestartAsync(master);
        Assert.Equal(master, await cluster.MasterOfAsync(run.StreamKey(ids[0])));
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(producing);

        await run.AssertEveryReaderAsync(ids, trackers, live);
        output.WriteLine(run.Describe());
    }

    [RedisFact]
    public async Task A_killed_master_restarted_empty_rejoins_as_a_replica_and_holds_every_stream_when_it_takes_over_again()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        run.Mirror();
        string[] ids = ["first"];
        var tracker = run.ProducerHub.Create(ids[0]);
        SteadyStateTests.Produce(tracker, 40);
        await run.Publisher.FlushAsync().WaitAsync(Scripts.Bound);

        var (killed, _) = await cluster.KillMasterOfAsync(run.StreamKey(ids[0]));
        await cluster.RestartAsync(killed);
        Assert.NotEqual(killed, await cluster.MasterOfAsync(run.StreamKey(ids[0])));

        // The promoted replica dies in turn: the restarted node, which started empty, takes over with what it copied.
        var (promoted, _) = await cluster.KillMasterOfAsync(run.StreamKey(ids[0]));
        Assert.Equal(killed, await cluster.MasterOfAsync(run.StreamKey(ids[0])));
        Assert.NotEqual(killed, promoted);

        Assert.Equal(Scripts.AsJson(tracker.History), Scripts.AsJson(await run.ReadLateAsync(ids[0])));
        await run.MirroredAsync(ids[0], 40);
        await cluster.RestoreAsync();
    }
}
