using System.Diagnostics;

namespace Rx.StatusTracking.Benchmarks.Web;

/// <summary>
/// The statuses every server sends: <see cref="Steps"/> steps each reporting Executing with data at a fixed rate, then
/// each step's final Completed status, then <see cref="ChatStatusTracker.Complete"/>.
/// </summary>
internal static class StatusProduction
{
    /// <summary>The steps the statuses rotate over; a client has every ending when it got each one's Completed status.</summary>
    public const int Steps = 50;

    /// <summary>The operation's first status, reported when it is created, before any client connects.</summary>
    public static void Begin(ChatStatusTracker tracker) => tracker.Executing(0, ChatStatusMessages.AnalyzingQuery);

    /// <summary>Reports <paramref name="rate"/> statuses a second for <paramref name="seconds"/>, then the endings.</summary>
    /// <returns>The statuses of steps 1 and up reported (what a client can receive).</returns>
    public static async Task<long> RunAsync(ChatStatusTracker tracker, int rate, int seconds)
    {
        // Paced in 10 ms ticks: each tick reports what the rate owes so far, so the rate holds even when a tick is late.
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        long produced = 0;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (clock.Elapsed < duration && await ticks.WaitForNextTickAsync())
        {
            var owed = (long)(Math.Min(clock.Elapsed.TotalSeconds, seconds) * rate) - produced;
            for (var i = 0; i < owed; i++, produced++)
            {
                tracker.Executing(1 + (int)(produced % Steps), ChatStatusMessages.ExecutingTool("search"), data: produced);
            }
        }

        for (var step = 1; step <= Steps; step++, produced++)
        {
            tracker.Completed(step, ChatStatusMessages.ToolCompleted("search"));
        }

        tracker.Complete();
        return produced;
    }
}
