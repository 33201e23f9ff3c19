namespace Rx.StatusTracking;

/// <summary>Something a tracker noticed and handled without throwing at the producer.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A readable explanation.</param>
/// <param name="Timestamp">When, from the tracker's scheduler.</param>
public sealed record StatusTrackingError(StatusTrackingErrorKind Kind, string Message, DateTimeOffset Timestamp)
{
    /// <summary>The status concerned: the rejected or corrected report, or the status whose delivery failed.</summary>
    public ChatStatus? Status { get; init; }

    /// <summary>The exception a callback or subscriber threw, when there was one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>
    /// For trims: how many statuses were dropped since the last reset, in total. For <see cref="StatusTrackingErrorKind.RetentionShed"/>:
    /// how many statuses that shedding step dropped when it was reported (0 when refusing new operations).
    /// </summary>
    public long Count { get; init; }

    /// <summary>
    /// How much this matters, from <see cref="Kind"/>: trims of a bounded history are <see cref="StatusTrackingSeverity.Information"/>
    /// (the limit doing its job), handled bad input and a hub shedding to its memory budget are <see cref="StatusTrackingSeverity.Warning"/>, and a throwing callback
    /// or subscriber is <see cref="StatusTrackingSeverity.Error"/>. Log at this level rather than treating every entry as a warning.
    /// </summary>
    public StatusTrackingSeverity Severity => Kind switch
    {
        StatusTrackingErrorKind.HistoryTrimmed or StatusTrackingErrorKind.FailuresTrimmed => StatusTrackingSeverity.Information,
        StatusTrackingErrorKind.CallbackFailed or StatusTrackingErrorKind.SubscriberFailed => StatusTrackingSeverity.Error,
        _ => StatusTrackingSeverity.Warning,
    };
}
