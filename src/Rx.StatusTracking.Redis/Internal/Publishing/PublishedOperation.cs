namespace Rx.StatusTracking.Redis.Internal;

/// <summary>What the publisher knows about one operation it follows.</summary>
internal sealed class PublishedOperation(string id, ChatStatusTracker tracker)
{
    public string Id { get; } = id;

    public ChatStatusTracker Tracker { get; } = tracker;

    /// <summary>The newest sequence handed to the outbox (the completion marker goes right after it).</summary>
    public long LastEnqueued { get; set; }

    /// <summary>The newest sequence Redis acknowledged (written by the writer only).</summary>
    public long Confirmed { get; set; }

    /// <summary>Whether the operations channel was told about it, which waits for its first entries (written by the writer only).</summary>
    public bool Announced { get; set; }

    /// <summary>The latest reset marker seen, so it can be written again if Redis loses it.</summary>
    public ChatStatus? LastReset { get; set; }
}
