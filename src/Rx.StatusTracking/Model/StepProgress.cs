namespace Rx.StatusTracking;

/// <summary>
/// A step's own progress as an <see cref="IProgress{T}"/> bridge was given it, carried as <see cref="ChatStatus.Data"/> of
/// the Executing statuses a <see cref="StepProgressReporter"/> records; the same fraction is their <see cref="ChatStatus.Progress"/>.
/// </summary>
/// <param name="Fraction">How much of the step is done, in [0, 1].</param>
/// <param name="Done">Items done, when the progress was reported as a count; otherwise <see langword="null"/>.</param>
/// <param name="Total">Items in all, when the progress was reported as a count; otherwise <see langword="null"/>.</param>
public sealed record StepProgress(double Fraction, int? Done = null, int? Total = null);
