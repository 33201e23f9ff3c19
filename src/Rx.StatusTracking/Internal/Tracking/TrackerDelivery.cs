namespace Rx.StatusTracking.Internal;

/// <summary>One item of a tracker's delivery queue: what to deliver, typed by its kind.</summary>
internal readonly struct TrackerDelivery
{
    private TrackerDelivery(TrackerDeliveryKind kind, ChatStatus? status = null, Subscription<ChatStatus>? replay = null, StatusTrackingError? error = null, long errorId = 0, Subscription<StatusTrackingError>[]? errorsCompleted = null)
    {
        Kind = kind;
        Status = status;
        Replay = replay;
        Error = error;
        ErrorId = errorId;
        ErrorsCompleted = errorsCompleted;
    }

    public TrackerDeliveryKind Kind { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Status"/>: the recorded status or reset marker.</summary>
    public ChatStatus? Status { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Replay"/>: the subscription whose history replay is due.</summary>
    public Subscription<ChatStatus>? Replay { get; }


    /// <summary>For <see cref="TrackerDeliveryKind.Error"/>: the error and its position among errors.</summary>
    public StatusTrackingError? Error { get; }

    public long ErrorId { get; }

    /// <summary>
    /// For <see cref="TrackerDeliveryKind.ErrorsCompleted"/>: the error subscriptions to complete; <see langword="null"/>
    /// for every one still subscribed when the completion is delivered.
    /// </summary>
    public Subscription<StatusTrackingError>[]? ErrorsCompleted { get; }

    public static TrackerDelivery OfStatus(ChatStatus status) => new(TrackerDeliveryKind.Status, status: status);

    public static TrackerDelivery OfReplay(Subscription<ChatStatus> subscription) => new(TrackerDeliveryKind.Replay, replay: subscription);

    /// <summary>Completes every status subscription still subscribed when it is delivered (none is added after completion).</summary>
    public static TrackerDelivery OfCompletion() => new(TrackerDeliveryKind.Completed);

    public static TrackerDelivery OfError(StatusTrackingError error, long errorId) => new(TrackerDeliveryKind.Error, error: error, errorId: errorId);

    public static TrackerDelivery OfErrorsCompletion(Subscription<StatusTrackingError>[]? subscriptions) => new(TrackerDeliveryKind.ErrorsCompleted, errorsCompleted: subscriptions);
}
