namespace Rx.StatusTracking.Client;

/// <summary>
/// Something a <see cref="StatusStreamClient"/> met while following an operation and went on from: a reconnect, a gap
/// the server announced, a malformed event skipped. Delivered to <see cref="StatusStreamClientOptions.OnNotice"/>
/// in order with the statuses: before any status that comes after it.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="OperationId">The operation followed.</param>
/// <param name="Message">A sentence for logs.</param>
/// <param name="Timestamp">When it happened, by <see cref="StatusStreamClientOptions.TimeProvider"/>.</param>
public sealed record StatusStreamNotice(StatusStreamNoticeKind Kind, string OperationId, string Message, DateTimeOffset Timestamp)
{
    /// <summary>The sequence of the last status delivered before this notice (0 when none): where the stream resumes.</summary>
    public long LastSequence { get; init; }

    /// <summary>For <see cref="StatusStreamNoticeKind.Gap"/>: the first sequence the server still held.</summary>
    public long? ResumedAt { get; init; }

    /// <summary>For <see cref="StatusStreamNoticeKind.Reconnecting"/>: how many connections in a row have failed, 1 for the first.</summary>
    public int Attempt { get; init; }

    /// <summary>For <see cref="StatusStreamNoticeKind.Reconnecting"/>: how long the client waits before it reconnects.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>For <see cref="StatusStreamNoticeKind.MalformedEventSkipped"/>: the event's <c>id:</c> field, if it had one.</summary>
    public string? EventId { get; init; }

    /// <summary>The error behind it, when there is one (a network error, a <see cref="StatusJsonException"/>…).</summary>
    public Exception? Exception { get; init; }
}
