using System.Text.Json.Serialization;

namespace Rx.StatusTracking;

/// <summary>The latest known state of one step.</summary>
/// <param name="Step">The step number.</param>
/// <param name="Description">The description of the step's latest status.</param>
/// <param name="State">The step's latest state.</param>
/// <param name="Duration">
/// From the step's first <see cref="StatusState.Executing"/> status (or its first status when it never
/// executed) to its latest terminal status; <see langword="null"/> while the step is unfinished
/// (its latest state is <see cref="StatusState.Pending"/>, <see cref="StatusState.Executing"/> or <see cref="StatusState.AwaitingInput"/>).
/// </param>
/// <param name="Attempts">
/// How many times the step started executing: its first <see cref="StatusState.Executing"/> and each one after a failure.
/// Progress updates, and going on after waiting for input (<see cref="StatusState.AwaitingInput"/>), do not count.
/// </param>
public sealed record StepSummary(int Step, string Description, StatusState State, TimeSpan? Duration, int Attempts)
{
    /// <summary>The step's parent (<see cref="ChatStatus.ParentStep"/>), or <see langword="null"/> for a top-level step.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ParentStep { get; init; }

    /// <summary>
    /// The fraction done its latest status carries (<see cref="ChatStatus.Progress"/>, set by
    /// <see cref="ChatStatusTracker.ReportProgress"/>): only a running step's, and only while its latest status has one.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Progress { get; init; }
}
