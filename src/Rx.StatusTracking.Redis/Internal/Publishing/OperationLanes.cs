using Rx.StatusTracking.Internal;
using StackExchange.Redis;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// One lane per operation the writer is busy with: its shares with Redis, in the order they were sent (at most
/// <see cref="MaxInFlight"/>, each chained to the one before it, see <see cref="StreamAppender"/>), or one Redis did not
/// take for want of a node (a failover, a restart, a lost connection) waiting for its own retry with backoff, and behind
/// them the items that came since, in order. Answers are handled in the order the shares were sent, whatever order
/// they arrive in. The writer goes on with every other operation meanwhile: on Redis Cluster one shard down, or one
/// write that takes a timeout to fail, holds up only the operations whose streams are on it. Used by the writer's
/// thread only.
/// </summary>
/// <param name="backoff">The delays between one share's attempts, and their clock.</param>
internal sealed class OperationLanes(Backoff backoff)
{
    /// <summary>
    /// How many shares of one operation may be with Redis at once. More than one keeps Redis busy with a busy operation
    /// while the next share is prepared; each one is refused unless the one before it is in the stream, so a failure
    /// never lets a later share land past a hole.
    /// </summary>
    public const int MaxInFlight = 8;

    private readonly Dictionary<PublishedOperation, Lane> _lanes = [];

    /// <summary>How many operations have a share waiting for a retry.</summary>
    public int Parked { get; private set; }

    /// <summary>How many operations are retrying a share that failed (waiting for the retry, or with Redis again).</summary>
    public int Retrying { get; private set; }

    /// <summary>How many outbox items the lanes hold (with Redis, waiting for a retry, or queued behind).</summary>
    public int HeldItems { get; private set; }

    /// <summary>Whether no operation is busy.</summary>
    public bool IsEmpty => _lanes.Count == 0;

    /// <summary>Whether the operation is busy.</summary>
    public bool IsBusy(PublishedOperation operation) => _lanes.ContainsKey(operation);

    /// <summary>Queues an item behind its operation's lane when that lane cannot take another share now.</summary>
    /// <returns>Whether it was queued (else it is written with the rest of its batch, as a share of its own).</returns>
    public bool TryJoin(OutboxItem item)
    {
        if (!_lanes.TryGetValue(item.Operation, out var lane) || lane.CanTakeShare)
        {
            return false;
        }

        (lane.Behind ??= new PendingWrite.OperationWrite(item.Operation, lane.Entries, backoff.Time) { Held = true }).Add(item);
        HeldItems++;
        return true;
    }

    /// <summary>A share goes to Redis, chained to the one sent before it if that one is still unanswered.</summary>
    public void Started(PendingWrite.OperationWrite write, EntryEncoder entries)
    {
        if (!_lanes.TryGetValue(write.Operation, out var lane))
        {
            _lanes.Add(write.Operation, lane = new Lane(entries));
        }

        if (!write.Held)
        {
            write.Held = true;
            HeldItems += write.ItemCount;
        }

        var last = lane.Last;
        write.Answered = false;
        write.ExpectedTop = last?.ChainTop ?? RedisValue.Null;
        write.FirstWrite = write.ExpectedTop.IsNull && write.Count > 0 && write.Operation.Confirmed == 0;

        // Behind an unanswered first write, the stream must begin with its first entry. Once anything of the operation is
        // acknowledged, the stream is known to be this run's, and its top alone is checked.
        write.FirstEntry = write.FirstWrite ? FirstEntryOf(write) : null;
        write.ExpectedHead = last is null || write.Operation.Confirmed > 0 ? null : last.FirstWrite ? last.FirstEntry : last.ExpectedHead;
        lane.InFlight.Enqueue(write);
        lane.Last = write;
    }

    /// <summary>Records Redis's answer to a share (<paramref name="failure"/> null: it went through).</summary>
    public static void Answer(PendingWrite.OperationWrite write, Exception? failure)
    {
        write.Failure = failure;
        write.Answered = true;
    }

    /// <summary>Takes the operation's oldest share if it is answered: answers are handled in the order shares were sent.</summary>
    public bool TryTakeAnswered(PublishedOperation operation, out PendingWrite.OperationWrite write)
    {
        if (_lanes.TryGetValue(operation, out var lane) && lane.InFlight.TryPeek(out var head) && head.Answered)
        {
            write = lane.InFlight.Dequeue();
            if (lane.Last == write)
            {
                lane.Last = null;
            }

            return true;
        }

        write = null!;
        return false;
    }

    /// <summary>The oldest share with Redis went through.</summary>
    /// <returns>The share that queued behind, to write next, or <see langword="null"/>.</returns>
    public PendingWrite.OperationWrite? Succeeded(PendingWrite.OperationWrite write)
    {
        var lane = _lanes[write.Operation];
        HeldItems -= write.ItemCount;
        if (lane.Waiting is not null)
        {
            // An earlier share failed but was in the stream after all (its answer was lost), since this one followed it:
            // the waiting one goes again as soon as nothing is with Redis (what of it is there is skipped), not after
            // its backoff.
            lane.DueAt = backoff.Time.GetTimestamp();
            return null;
        }

        if (lane.Failures > 0)
        {
            lane.Failures = 0;
            Retrying--;
        }

        if (lane.Behind is { } next)
        {
            lane.Behind = null;
            return next;
        }

        RemoveIfIdle(write.Operation, lane);
        return null;
    }

    /// <summary>
    /// The oldest share with Redis failed for want of a node, or (<paramref name="afterPredecessor"/>) was refused because
    /// the share before it was not in the stream yet: it waits for its retry, joined by the later shares that fail after
    /// it and by what queued behind. A share refused after a predecessor that went through is retried at once, unchained.
    /// </summary>
    public void Failed(PendingWrite.OperationWrite write, bool afterPredecessor = false)
    {
        var lane = _lanes[write.Operation];
        if (lane.Waiting is { } waiting)
        {
            waiting.Append(write);
            return;
        }

        if (lane.Failures++ == 0)
        {
            Retrying++;
        }

        lane.Waiting = write;
        lane.DueAt = backoff.Time.GetTimestamp() + (afterPredecessor ? 0 : (long)(backoff.Delay(lane.Failures).TotalSeconds * backoff.Time.TimestampFrequency));
        Parked++;
    }

    /// <summary>Lets an operation go (its stream broke): what its lane held is dropped, and later answers for it are ignored.</summary>
    public void Forget(PendingWrite.OperationWrite write)
    {
        if (_lanes.Remove(write.Operation, out var lane))
        {
            HeldItems -= write.ItemCount + (lane.Behind?.ItemCount ?? 0) + (lane.Waiting?.ItemCount ?? 0) + lane.InFlight.Sum(static w => w.ItemCount);
            Retrying -= lane.Failures > 0 ? 1 : 0;
            Parked -= lane.Waiting is null ? 0 : 1;
        }
    }

    /// <summary>Takes out the shares whose retry is due (once the lane has no share with Redis), with what queued behind them.</summary>
    public List<PendingWrite.OperationWrite> TakeDue()
    {
        var now = backoff.Time.GetTimestamp();
        var due = new List<PendingWrite.OperationWrite>();
        foreach (var lane in _lanes.Values)
        {
            if (lane.Waiting is { } waiting && lane.DueAt <= now && lane.InFlight.Count == 0)
            {
                if (lane.Behind is { } behind)
                {
                    waiting.Append(behind);
                    lane.Behind = null;
                }

                due.Add(waiting);
                lane.Waiting = null;
                Parked--;
            }
        }

        return due;
    }

    /// <summary>
    /// When the next retry is due (a timestamp of the backoff's clock); <see langword="null"/> when none waits, or every
    /// one waits for answers too (which wake the writer).
    /// </summary>
    public long? NextDueAt() => Parked == 0
        ? null
        : _lanes.Values.Where(static l => l.Waiting is not null && l.InFlight.Count == 0).Select(static l => (long?)l.DueAt).Min();

    // Made here, once (the share's send reuses it). A status that cannot be serialized fails the share as it is sent;
    // until then nothing goes behind it (see Lane.CanTakeShare).
    private static StreamWrite? FirstEntryOf(PendingWrite.OperationWrite write)
    {
        try
        {
            return write[0];
        }
        catch (Exception)
        {
            return null;
        }
    }

    private void RemoveIfIdle(PublishedOperation operation, Lane lane)
    {
        if (lane.InFlight.Count == 0 && lane.Waiting is null && lane.Behind is null)
        {
            _lanes.Remove(operation);
        }
    }

    private sealed class Lane(EntryEncoder entries)
    {
        public EntryEncoder Entries { get; } = entries;

        public Queue<PendingWrite.OperationWrite> InFlight { get; } = new();

        // The share sent last, while it is unanswered: the next one is chained to it.
        public PendingWrite.OperationWrite? Last { get; set; }

        public int Failures { get; set; }

        public PendingWrite.OperationWrite? Waiting { get; set; }

        public long DueAt { get; set; }

        public PendingWrite.OperationWrite? Behind { get; set; }

        // Another share may go now: none waits for a retry or queues, there is room, and the last one sent has entries
        // to chain to (not a repair's check, which may refill the stream, nor an operation's start alone, whose index
        // entry must be in Redis before the entries that announce the operation, nor a first write whose first entry
        // could not be made).
        public bool CanTakeShare =>
            Waiting is null && Behind is null && InFlight.Count < MaxInFlight && Last is not ({ Count: 0 } or { FirstWrite: true, FirstEntry: null });
    }
}
