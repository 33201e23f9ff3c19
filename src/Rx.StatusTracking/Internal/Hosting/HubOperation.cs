namespace Rx.StatusTracking.Internal;

/// <summary>An operation a <see cref="StatusHub"/> holds: its tracker and its place in the hub's lifecycle.</summary>
internal sealed class HubOperation(StatusHub hub, string id, ChatStatusTracker tracker, long order)
{
    public StatusHub Hub { get; } = hub;

    public string Id { get; } = id;

    public ChatStatusTracker Tracker { get; } = tracker;

    /// <summary>The order of creation in the hub (1, 2, …): ties between equal times break by it.</summary>
    public long Order { get; } = order;

    public DateTimeOffset? CompletedAt { get; set; }

    public IDisposable? Eviction { get; set; }

    public IDisposable? Forwarding { get; set; }
}
