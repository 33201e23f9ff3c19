namespace Rx.StatusTracking.Internal;

/// <summary>The kinds of <see cref="TrackerDelivery"/>.</summary>
internal enum TrackerDeliveryKind
{
    Status,
    Replay,
    Completed,
    Error,
    ErrorsCompleted,
}
