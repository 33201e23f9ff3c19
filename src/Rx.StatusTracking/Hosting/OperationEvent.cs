namespace Rx.StatusTracking;

/// <summary>An operation's lifecycle event in a <see cref="StatusHub"/>.</summary>
/// <param name="Kind">Added, completed or evicted.</param>
/// <param name="OperationId">The operation's id.</param>
/// <param name="Timestamp">When, from the hub's scheduler.</param>
public sealed record OperationEvent(OperationEventKind Kind, string OperationId, DateTimeOffset Timestamp);
