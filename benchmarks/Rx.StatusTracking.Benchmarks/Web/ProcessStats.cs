using System.Diagnostics;
using System.Globalization;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>One reading of this process (the server's, or the clients' CPU): CPU time, wall time, working set and managed heap.</summary>
internal sealed record ProcessStats(double CpuMilliseconds, double WallMilliseconds, long WorkingSet, long ManagedHeap)
{
    private static readonly Stopwatch Wall = Stopwatch.StartNew();

    /// <summary>Reads this process; <paramref name="collect"/> runs a full blocking collection first (idle figures).</summary>
    public static ProcessStats Measure(bool collect)
    {
        if (collect)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        return new ProcessStats(process.TotalProcessorTime.TotalMilliseconds, Wall.Elapsed.TotalMilliseconds, process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    /// <summary>The reading as the server's reply line.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture, $"stats {CpuMilliseconds:R} {WallMilliseconds:R} {WorkingSet} {ManagedHeap}");

    /// <summary>Parses <see cref="ToLine"/>'s text.</summary>
    public static ProcessStats Parse(string line) => line.Split(' ') is ["stats", var cpu, var wall, var workingSet, var heap]
        ? new ProcessStats(double.Parse(cpu, CultureInfo.InvariantCulture), double.Parse(wall, CultureInfo.InvariantCulture), long.Parse(workingSet, CultureInfo.InvariantCulture), long.Parse(heap, CultureInfo.InvariantCulture))
        : throw new FormatException($"Not a server reading: '{line}'.");

    /// <summary>The CPU the process used between two readings, in cores (CPU time over wall time).</summary>
    public double CoresSince(ProcessStats earlier) => (CpuMilliseconds - earlier.CpuMilliseconds) / Math.Max(1, WallMilliseconds - earlier.WallMilliseconds);
}
