using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>
/// Polls one node's <c>CLUSTER INFO</c> every 10 ms and records when it said <c>cluster_state:fail</c>: the window in which
/// every node answers <c>CLUSTERDOWN</c> (default <c>cluster-require-full-coverage yes</c>), which no client can shorten.
/// </summary>
public sealed class ClusterStateWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    public ClusterStateWatch(int port, Func<TimeSpan> now) => _watching = WatchAsync(port, now);

    /// <summary>When the node first said the cluster failed, and last said so; null while it never did.</summary>
    public (TimeSpan First, TimeSpan Last)? Down { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(int port, Func<TimeSpan> now)
    {
        while (!_stop.IsCancellationRequested)
        {
            if ((await RedisCluster.CliAsync(port, "CLUSTER", "INFO")).Contains("cluster_state:fail", StringComparison.Ordinal))
            {
                var at = now();
                Down = (Down?.First ?? at, at);
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }
}
