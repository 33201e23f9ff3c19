namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One step this package reports on, with its start time and reports that never throw into the agent or
/// workflow it watches.
/// </summary>
internal sealed class TrackedStep
{
    private readonly StepReporter _reporter;

    private TrackedStep(StepReporter reporter, int step)
    {
        _reporter = reporter;
        Step = step;
        Started = reporter.Now;
    }

    public int Step { get; }

    /// <summary>When the step was reserved, by the tracker's clock.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How long the step has run, by the tracker's clock.</summary>
    public TimeSpan Elapsed => _reporter.Now - Started;

    public StatusState? State { get; private set; }

    public bool HasEnded => State is StatusState.Completed or StatusState.Failed;

    /// <summary>A new step, a child of <paramref name="parent"/> when that is on the same tracker.</summary>
    public static TrackedStep Reserve(StepReporter reporter, StepParent? parent)
    {
        // A parent on another tracker (an agent used as a tool, tracked elsewhere) is no parent here.
        return new(reporter, reporter.ReserveStep(parent?.Tracker == reporter.Tracker ? parent.Step : null));
    }

    /// <summary>This step as the parent of others.</summary>
    public StepParent AsParent() => new(_reporter.Tracker, Step);

    /// <summary>Reports <paramref name="state"/>; a refused report is logged and the watched code goes on.</summary>
    public void Report(StatusState state, string sentence, object? data, Exception? error = null)
    {
        // The tracker stamps the parent reserved with the step on every status of it.
        if (_reporter.Report(Step, state, sentence, data, error))
        {
            State = state;
        }
    }
}
