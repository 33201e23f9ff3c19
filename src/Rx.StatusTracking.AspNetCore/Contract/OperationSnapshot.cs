namespace Rx.StatusTracking.AspNetCore;

/// <summary>One operation in full, as <c>GET {prefix}/{operationId}</c> serves it.</summary>
/// <param name="ServerTime">The hub's clock when the snapshot was written (the clock that stamps <see cref="ChatStatus.Timestamp"/>).</param>
/// <param name="Id">The operation id.</param>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Current">Its latest status, if any.</param>
/// <param name="History">Its retained history, oldest first.</param>
/// <param name="DroppedFromHistory">How many statuses the bounded history let go.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Progress">Its progress.</param>
public sealed record OperationSnapshot(
    DateTimeOffset ServerTime,
    string Id,
    OperationState State,
    ChatStatus? Current,
    IReadOnlyList<ChatStatus> History,
    long DroppedFromHistory,
    ExecutionSummary Summary,
    ProgressSnapshot Progress);
