namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// One tracker as the pipeline reports to it: its clock, its step numbers, its resets, and reports that never throw
/// into the chat (a strict tracker's refusal is logged, and the chat goes on).
/// </summary>
internal sealed class TrackerReporter(ChatStatusTracker tracker, TrackingLog log)
{
    /// <summary>The tracker's clock (its scheduler's), so durations agree with the statuses' timestamps.</summary>
    public DateTimeOffset Now => tracker.Scheduler.Now;

    /// <summary>How many times the tracker was reset: a step reserved before the last reset means nothing after it.</summary>
    public long ResetCount => tracker.ResetCount;

    /// <summary>The next free step of the tracker (see <see cref="ChatStatusTracker.ReserveStep()"/>): never one a status was reported on by hand.</summary>
    public int ReserveStep()
    {
        try
        {
            return tracker.ReserveStep();
        }
        catch (InvalidOperationException exhausted)
        {
            // Only after a step int.MaxValue: report on it, the tracker refuses, and the refusal is logged.
            log.ReportRefused(int.MaxValue, StatusState.Pending, exhausted);
            return int.MaxValue;
        }
    }

    /// <summary>
    /// Reports to the tracker and never throws: a strict tracker's refusal (a step reported on by hand, a
    /// completed tracker, a description too long) is logged, and the chat goes on.
    /// </summary>
    /// <returns>The recorded status, or <see langword="null"/> when the tracker threw.</returns>
    public ChatStatus? Report(int step, StatusState state, string description, object data, Exception? error = null)
    {
        try
        {
            return tracker.Report(step, state, description, data, error);
        }
        catch (Exception refusal)
        {
            log.ReportRefused(step, state, refusal);
            return null;
        }
    }

    /// <summary>Fails a tool call that will never run: "The X tool failed: not run: <paramref name="reason"/>."</summary>
    public void NotRun(int step, ToolCallData data, ToolSentences sentences, string reason) =>
        Report(step, StatusState.Failed, sentences.NotRun(reason), data);
}
