using Microsoft.Extensions.Logging;

namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One tracker as this package reports to it: its clock, its step numbers, and reports that never throw (a strict
/// tracker's refusal is logged, and the agent or workflow goes on).
/// </summary>
internal sealed partial class StepReporter(ChatStatusTracker tracker, ILogger log)
{
    public ChatStatusTracker Tracker => tracker;

    /// <summary>The tracker's clock, so durations agree with the statuses' timestamps.</summary>
    public DateTimeOffset Now => tracker.Scheduler.Now;

    /// <summary>The next free step, a child of <paramref name="parentStep"/> when given.</summary>
    public int ReserveStep(int? parentStep)
    {
        try
        {
            return parentStep is { } parent ? tracker.ReserveStep(parent) : tracker.ReserveStep();
        }
        catch (InvalidParentStepException unknownParent)
        {
            // A strict tracker that was reset since the parent was reserved: the child stands at the top level.
            ReportRefused(log, unknownParent.ParentStep, StatusState.Pending, unknownParent);
            return ReserveStep(null);
        }
        catch (InvalidOperationException exhausted)
        {
            // Only after step int.MaxValue: reports on it are refused, and each refusal is logged.
            ReportRefused(log, int.MaxValue, StatusState.Pending, exhausted);
            return int.MaxValue;
        }
    }

    /// <returns>Whether the tracker recorded the status.</returns>
    public bool Report(int step, StatusState state, string description, object? data, Exception? error)
    {
        try
        {
            tracker.Report(step, state, description, data, error);
            return true;
        }
        catch (Exception refusal)
        {
            ReportRefused(log, step, state, refusal);
            return false;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The tracker refused the {State} status of step {Step}; the run goes on.")]
    private static partial void ReportRefused(ILogger logger, int step, StatusState state, Exception refusal);
}
