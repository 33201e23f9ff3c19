namespace Rx.StatusTracking;

/// <summary>The latest known state of one step.</summary>
/// <param name="Step">The step number.</param>
/// <param name="Description">The description of the step's latest status.</param>
/// <param name="State">The step's latest state.</param>
/// <param name="Duration">
/// From the step's first <see cref="StatusState.Executing"/> status (or its first status when it never
/// executed) to its latest terminal status; <see langword="null"/> while the step is unfinished
/// (its latest state is <see cref="StatusState.Pending"/> or <see cref="StatusState.Executing"/>).
/// </param>
/// <param name="Attempts">How many times the step entered <see cref="StatusState.Executing"/> (progress updates do not count).</param>
public sealed record StepSummary(int Step, string Description, StatusState State, TimeSpan? Duration, int Attempts);
