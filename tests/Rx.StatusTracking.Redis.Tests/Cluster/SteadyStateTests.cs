using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>A Redis Cluster of three masters and three replicas, nothing failing: everything arrives exactly.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SteadyStateTests(RedisCluster cluster)
{
    [RedisFact]
    public async Task Twenty_operations_of_fifty_statuses_on_three_shards_reach_live_readers_late_readers_and_a_mirror_exactly()
    {
        await using var run = await ClusterRun.StartAsync(cluster);
        run.Mirror();
        var ids = Enumerable.Range(1, 20).Select(i => $"turn-{i}").ToArray();
        var masters = await Task.WhenAll(ids.Select(id => cluster.MasterOfAsync(run.StreamKey(id))));
        Assert.Equal(3, masters.Distinct().Count());
        var trackers = ids.Select(run.ProducerHub.Create).ToArray();
        var live = ids.Select(run.Follow).ToArray();

        // Interleaved across the operations, as concurrent chat turns report.
        await Task.WhenAll(trackers.Select(tracker => Task.Run(() => Produce(tracker, 50))));

        Assert.All(trackers, t => Assert.Equal(50, t.LastSequence));
        await run.AssertEveryReaderExactAsync(ids, trackers, live);
        Array.ForEach(live, l => l.Dispose());

        Assert.Equal(1000, run.Publisher.PublishedCount);
        Assert.Empty(run.PublisherLog.Reports);
        Assert.Empty(run.SourceLog.Reports);
    }

    /// <summary><paramref name="count"/> statuses (steps executing then completed), then the completion.</summary>
    internal static void Produce(ChatStatusTracker tracker, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var step = (n / 2) + 1;
            if (n % 2 == 0)
            {
                tracker.Executing(step, $"step {step}");
            }
            else
            {
                tracker.Completed(step, $"step {step} done");
            }
        }

        tracker.Complete();
    }
}
