namespace Rx.StatusTracking;

/// <summary>What a <see cref="StatusTrackingError"/> is about.</summary>
public enum StatusTrackingErrorKind
{
    /// <summary>A report had a bad argument; a lenient tracker applied the documented fallback and recorded it.</summary>
    InvalidArgument = 0,

    /// <summary>A report asked for a transition the step's state does not allow; a lenient tracker dropped it.</summary>
    InvalidTransition = 1,

    /// <summary>A report or reset came after <see cref="ChatStatusTracker.Complete()"/>; it was not recorded.</summary>
    ReportAfterCompletion = 2,

    /// <summary>
    /// The history was full and its oldest statuses were dropped (see <see cref="StatusTrackingError.Count"/>): the bound doing its
    /// job, reported when trimming starts and then once per <see cref="StatusTrackerOptions.HistoryLimit"/> drops, with
    /// <see cref="StatusTrackingSeverity.Information"/>.
    /// </summary>
    HistoryTrimmed = 3,

    /// <summary>The retained failures were full and the oldest were dropped (see <see cref="StatusTrackingError.Count"/>); <see cref="StatusTrackingSeverity.Information"/>.</summary>
    FailuresTrimmed = 4,

    /// <summary>The callback given to the tracker's constructor threw; delivery went on.</summary>
    CallbackFailed = 5,

    /// <summary>A subscriber threw from <c>OnNext</c> or <c>OnCompleted</c>; delivery to the others went on.</summary>
    SubscriberFailed = 6,

    /// <summary>
    /// A <see cref="StatusHub"/> retained more than its memory budget (<see cref="StatusHubOptions.MaxRetainedBytes"/>) and
    /// shed, in the documented order: the message says which stage (histories of completed operations, histories of
    /// running operations, refusing new operations). Each stage is reported once per episode, on <see cref="StatusHub.Errors"/>.
    /// </summary>
    RetentionShed = 7,
}
