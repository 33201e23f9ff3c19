namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The client process's answer for one run: per client what it received, and the latency percentiles over every
/// status all clients received (pooled in the client process, so the latencies never cross a pipe), and the client
/// process's own CPU from connected to drained, in cores (clients short of CPU delay what they measure).
/// </summary>
internal sealed record ClientReport(int[] Received, int[] Endings, bool[] Completed, double P50, double P99, double Max, double Cores)
{
    /// <summary>Pools the tallies of one run.</summary>
    public static ClientReport Of(IReadOnlyList<FollowerTally> tallies, double cores)
    {
        var latencies = new float[tallies.Sum(tally => tally.Latencies.Count)];
        var at = 0;
        foreach (var tally in tallies)
        {
            tally.Latencies.CopyTo(latencies, at);
            at += tally.Latencies.Count;
        }

        Array.Sort(latencies);
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
        return new ClientReport(
            [.. tallies.Select(tally => tally.Received)],
            [.. tallies.Select(tally => tally.Endings)],
            [.. tallies.Select(tally => tally.Completed)],
            Percentile(0.50),
            Percentile(0.99),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            cores);
    }
}
