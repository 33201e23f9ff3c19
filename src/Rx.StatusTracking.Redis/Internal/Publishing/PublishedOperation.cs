namespace Rx.StatusTracking.Redis.Internal;

/// <summary>What the publisher knows about one operation it follows.</summary>
internal sealed class PublishedOperation(string id, ChatStatusTracker tracker)
{
    public string Id { get; } = id;

    public ChatStatusTracker Tracker { get; } = tracker;

    /// <summary>The newest sequence handed to the outbox (the completion marker goes right after it).</summary>
    public long LastEnqueued { get; set; }

    private long _confirmed;

    /// <summary>The newest sequence Redis acknowledged.</summary>
    public long Confirmed => Volatile.Read(ref _confirmed);

    /// <summary>Raises <see cref="Confirmed"/> to <paramref name="sequence"/>, never lowers it (shares of one operation are answered concurrently).</summary>
    public void Confirm(long sequence)
    {
        var seen = Volatile.Read(ref _confirmed);
        while (sequence > seen)
        {
            var before = Interlocked.CompareExchange(ref _confirmed, sequence, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }

    /// <summary>
    /// Whether the operations channel was told about it, which waits for its first entries and its index entry (set by the
    /// answer of the share that announced it: one such share is with Redis at a time).
    /// </summary>
    public bool Announced { get; set; }

    /// <summary>
    /// The sequence of the last entry the writer prepared for the stream (written by the writer only): an entry that does
    /// not follow it directly declares it in its <c>after</c> field, so readers tell a jump made on purpose (conflation)
    /// from a hole. The completion marker carries it too.
    /// </summary>
    public long LastPrepared { get; set; }

    /// <summary>
    /// Whether Redis refused a write of this operation for good (written by the writer only): nothing more is written
    /// to its stream, so no later status lands past what is missing.
    /// </summary>
    public bool Broken { get; set; }

    /// <summary>The sequence its completion marker carries, once that is in Redis (written by the writer only).</summary>
    public long? CompletionWritten { get; set; }

    /// <summary>
    /// The index score an earlier run of the id had when this one's start replaced it (it looked expired by this writer's
    /// clock): put back if this run's first write then finds that run's stream still there.
    /// </summary>
    public double? ReplacedIndexScore { get; set; }

    /// <summary>The latest reset marker seen, so it can be written again if Redis loses it.</summary>
    public ChatStatus? LastReset { get; set; }
}
