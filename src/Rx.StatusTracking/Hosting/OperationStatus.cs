namespace Rx.StatusTracking;

/// <summary>A status of one operation of a <see cref="StatusHub"/>.</summary>
/// <param name="OperationId">The operation's id.</param>
/// <param name="Status">The status.</param>
public sealed record OperationStatus(string OperationId, ChatStatus Status);
