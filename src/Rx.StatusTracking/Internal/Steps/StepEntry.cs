namespace Rx.StatusTracking.Internal;

/// <summary>A step's bookkeeping in a <see cref="StepTable"/>; small, and free of per-update allocation.</summary>
internal struct StepEntry
{
    public ChatStatus Latest;
    public long FirstAt;
    public long StartedAt;

    // Derivable from Latest, but kept: reading the step's previous status (often cold in cache) on every
    // report measurably slowed the tracker's hot path.
    public long FinishedDuration;

    /// <summary>The step's fraction done as <see cref="StepTable"/> last figured it, in <see cref="FractionSum"/> units.</summary>
    public long Fraction;

    /// <summary>The step's parent, fixed at its first status.</summary>
    public int? Parent;

    public StatusState State;
    public int Attempts;
    public bool HasStarted;

    /// <summary>Whether the current attempt has executed: waiting for input in the middle of it does not start another.</summary>
    public bool AttemptOpen;

    /// <summary>From the step's start (or first status) to its ending; <see langword="null"/> while it has not ended.</summary>
    public readonly TimeSpan? Duration => State is StatusState.Completed or StatusState.Failed
        ? StepTable.NonNegative(TimeSpan.FromTicks(Latest.Timestamp.UtcTicks - (HasStarted ? StartedAt : FirstAt)))
        : null;

    public readonly StepSummary ToSummary(int step) => new(step, Latest.Description, State, Duration, Attempts) { ParentStep = Parent, Progress = Latest.Progress };
}
