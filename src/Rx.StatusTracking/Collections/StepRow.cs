namespace Rx.StatusTracking;

/// <summary>One row of a step list: the latest state of one step (see <see cref="StepCollection"/>).</summary>
/// <param name="Step">The step number, the row's key.</param>
/// <param name="Description">The latest description.</param>
/// <param name="State">The latest state.</param>
/// <param name="Duration">As <see cref="StepSummary.Duration"/>: set once the step finished.</param>
/// <param name="Attempts">As <see cref="StepSummary.Attempts"/>.</param>
/// <param name="Latest">The step's latest status (for its data, error, timestamp and <see cref="ChatStatus.Progress"/>).</param>
public sealed record StepRow(int Step, string Description, StatusState State, TimeSpan? Duration, int Attempts, ChatStatus Latest)
{
    /// <summary>
    /// The step's parent (<see cref="ChatStatus.ParentStep"/>), or <see langword="null"/> for a top-level step: rows stay in
    /// step order, and a view that shows a tree indents each row under this one.
    /// </summary>
    public int? ParentStep { get; init; }
}
