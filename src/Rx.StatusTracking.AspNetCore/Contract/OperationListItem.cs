namespace Rx.StatusTracking.AspNetCore;

/// <summary>One operation in the list the endpoints serve at <c>GET {prefix}</c>: a summary, small whatever its statuses carry.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Progress">Its progress.</param>
/// <param name="Current">Its latest status without data or error (<see cref="StatusHeadline"/>), if any.</param>
/// <param name="LastSequence">The sequence of its latest status (0 when none).</param>
public sealed record OperationListItem(string Id, OperationState State, ProgressSnapshot Progress, StatusHeadline? Current, long LastSequence);
