namespace Rx.StatusTracking;

/// <summary>The changes one status (or a snapshot) makes to a step list, applied in order.</summary>
/// <param name="Changes">The changes.</param>
/// <param name="IsSnapshot">Whether this set is the initial snapshot of a <see cref="StepCollection.Connect"/> subscription.</param>
public sealed record StepChangeSet(IReadOnlyList<StepChange> Changes, bool IsSnapshot = false);
