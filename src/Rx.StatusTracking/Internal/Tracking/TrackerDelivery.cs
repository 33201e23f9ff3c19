namespace Rx.StatusTracking.Internal;

/// <summary>One item of a tracker's delivery queue: what to deliver, typed by its kind.</summary>
internal readonly struct TrackerDelivery
{
    private TrackerDelivery(TrackerDeliveryKind kind, ChatStatus? status = null, Subscription<ChatStatus>? replay = null, Subscription<ChatStatus>[]? completed = null, StatusTrackingError? error = null, long errorId = 0, Subscription<StatusTrackingError>[]? errorsCompleted = null)
    {
        Kind = kind;
        Status = status;
        Replay = replay;
        Completed = completed;
        Error = error;
        ErrorId = errorId;
        ErrorsCompleted = errorsCompleted;
    }

    public TrackerDeliveryKind Kind { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Status"/>: the recorded status or reset marker.</summary>
    public ChatStatus? Status { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Replay"/>: the subscription whose history replay is due.</summary>
    public Subscription<ChatStatus>? Replay { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Completed"/>: the status subscriptions to complete.</summary>
    public Subscription<ChatStatus>[]? Completed { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.Error"/>: the error and its position among errors.</summary>
    public StatusTrackingError? Error { get; }

    public long ErrorId { get; }

    /// <summary>For <see cref="TrackerDeliveryKind.ErrorsCompleted"/>: the error subscriptions to complete.</summary>
    public Subscription<StatusTrackingError>[]? ErrorsCompleted { get; }

    public static TrackerDelivery OfStatus(ChatStatus status) => new(TrackerDeliveryKind.Status, status: status);

    public static TrackerDelivery OfReplay(Subscription<ChatStatus> subscription) => new(TrackerDeliveryKind.Replay, replay: subscription);

    public static TrackerDelivery OfCompletion(Subscription<ChatStatus>[] subscriptions) => new(TrackerDeliveryKind.Completed, completed: subscriptions);

    public static TrackerDelivery OfError(StatusTrackingError error, long errorId) => new(TrackerDeliveryKind.Error, error: error, errorId: errorId);

    public static TrackerDelivery OfErrorsCompletion(Subscription<StatusTrackingError>[] subscriptions) => new(TrackerDeliveryKind.ErrorsCompleted, errorsCompleted: subscriptions);
}
