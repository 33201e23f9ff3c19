namespace Rx.StatusTracking.AspNetCore;

/// <summary>The last event of an operation's event stream (<c>event: complete</c>): how it ended.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="State">Completed or failed.</param>
/// <param name="LastSequence">The sequence of the operation's last status.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Progress">Its progress.</param>
public sealed record OperationCompletion(string Id, OperationState State, long LastSequence, ExecutionSummary Summary, ProgressSnapshot Progress);
