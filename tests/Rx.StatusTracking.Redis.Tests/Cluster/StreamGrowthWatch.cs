using System.Globalization;
using Rx.StatusTracking.Redis.Tests.Support;

namespace Rx.StatusTracking.Redis.Tests.Cluster;

/// <summary>
/// Polls the length of streams on their masters every 10 ms (<c>XLEN</c> through <c>redis-cli</c>, apart from the library's
/// connections) and records when each grew: how long the writer left a stream without a new entry, whatever the readers did.
/// </summary>
public sealed class StreamGrowthWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TimeSpan>[] _grew;
    private readonly Task _watching;

    public StreamGrowthWatch(IReadOnlyList<(int Port, string Key)> streams, Func<TimeSpan> now)
    {
        _grew = [.. streams.Select(_ => new List<TimeSpan>())];
        _watching = WatchAsync(streams, now);
    }

    /// <summary>For each stream, the longest time without growth within the window (counting its start and end), and when it began.</summary>
    public (TimeSpan Gap, TimeSpan Since)[] LongestGaps(TimeSpan from, TimeSpan to) =>
        [.. _grew.Select(times =>
        {
            lock (times)
            {
                var inside = times.Where(t => t > from && t <= to).Prepend(from).Append(to).ToArray();
                return inside.Zip(inside.Skip(1), (a, b) => (b - a, a)).MaxBy(g => g.Item1);
            }
        })];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }

    private async Task WatchAsync(IReadOnlyList<(int Port, string Key)> streams, Func<TimeSpan> now)
    {
        var lengths = new long[streams.Count];
        while (!_stop.IsCancellationRequested)
        {
            var read = await Task.WhenAll(streams.Select(s => RedisCluster.CliAsync(s.Port, "XLEN", s.Key)));
            var at = now();
            for (var i = 0; i < read.Length; i++)
            {
                // A node that does not answer (down, CLUSTERDOWN) prints an error: no growth seen.
                if (long.TryParse(read[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > lengths[i])
                {
                    lengths[i] = length;
                    lock (_grew[i])
                    {
                        _grew[i].Add(at);
                    }
                }
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }
}
