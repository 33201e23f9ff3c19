namespace Rx.StatusTracking.Agents.Internal;

/// <summary>
/// One step this package reports on, with its parent, its start time and reports that never throw into the agent or
/// workflow it watches.
/// </summary>
internal sealed class TrackedStep
{
    private readonly StepReporter _reporter;

    private TrackedStep(StepReporter reporter, int step, StepParent? parent)
    {
        _reporter = reporter;
        Step = step;
        Parent = parent?.Tracker == reporter.Tracker ? parent : null;
        Started = reporter.Now;
    }

    public int Step { get; }

    public StepParent? Parent { get; }

    /// <summary>When the step was reserved, by the tracker's clock.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>How long the step has run, by the tracker's clock.</summary>
    public TimeSpan Elapsed => _reporter.Now - Started;

    public StatusState? State { get; private set; }

    public bool HasEnded => State is StatusState.Completed or StatusState.Failed;

    /// <summary>A new step, a child of <paramref name="parent"/> when that is on the same tracker.</summary>
    public static TrackedStep Reserve(StepReporter reporter, StepParent? parent) => new(reporter, reporter.ReserveStep(), parent);

    /// <summary>This step as the parent of others, named <paramref name="label"/> in their sentences.</summary>
    public StepParent AsParent(string label) => new(_reporter.Tracker, Step, label);

    /// <summary>Reports <paramref name="state"/>; a refused report is logged and the watched code goes on.</summary>
    public void Report(StatusState state, string sentence, object? data, Exception? error = null)
    {
        // NESTING (issue 14): until the model carries ChatStatus.ParentStep, a child's sentence names its parent.
        var description = Parent is { } parent ? $"{sentence.TrimEnd('.')} ({parent.Label})." : sentence;
        if (_reporter.Report(Step, state, description, data, error))
        {
            State = state;
        }
    }
}
