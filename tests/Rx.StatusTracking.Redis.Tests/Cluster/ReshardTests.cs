using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>A busy operation's slot moves to another master while it is written and read (ASK redirects, then MOVED).</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ReshardTests(RedisCluster cluster)
{
    [RedisFact]
    public async Task Moving_a_busy_operations_slot_live_loses_nothing_for_any_reader()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        run.Mirror();
        string[] ids = ["busy", "neighbour"];
        var trackers = ids.Select(run.ProducerHub.Create).ToArray();
        var live = ids.Select(run.Follow).ToArray();
        using var stop = new CancellationTokenSource();
        var producing = trackers.Select(t => ClusterRun.ProduceUntilAsync(t, TimeSpan.FromMilliseconds(2), stop.Token)).ToArray();
        await Task.Delay(300);

        // Held open half a second: meanwhile the stream is on the target and the source answers ASK for it.
        var (from, to) = await cluster.MoveSlotAsync(run.StreamKey("busy"), TimeSpan.FromMilliseconds(500));
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(producing);

        Assert.NotEqual(from, to);
        Assert.Equal(to, await cluster.MasterOfAsync(run.StreamKey("busy")));
        Assert.True(trackers[0].LastSequence > 200, $"only {trackers[0].LastSequence} statuses were written");
        await run.AssertEveryReaderExactAsync(ids, trackers, live);
        run.AssertNoReportOf(RedisStatusErrorKind.WriteRefused, RedisStatusErrorKind.StatusesLost, RedisStatusErrorKind.StatusesMissing, RedisStatusErrorKind.MalformedEntry, RedisStatusErrorKind.MirrorFailed);
    }
}
