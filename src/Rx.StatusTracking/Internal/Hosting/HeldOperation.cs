namespace Rx.StatusTracking.Internal;

/// <summary>An operation as the hub held it at one moment, copied under the hub's lock (its completion time is the hub's to change).</summary>
internal readonly record struct HeldOperation(ChatStatusTracker Tracker, DateTimeOffset? CompletedAt, long Order);
