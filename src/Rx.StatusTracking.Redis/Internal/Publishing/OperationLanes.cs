using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// One lane per operation the writer is busy with: a share with Redis now, or one Redis did not take for want of a node
/// (a failover, a restart, a lost connection) waiting for its own retry with backoff, and behind it the items that came
/// since, in order. The writer goes on with every other operation meanwhile: on Redis Cluster one shard down, or one
/// write that takes a timeout to fail, holds up only the operations whose streams are on it. Used by the writer's thread only.
/// </summary>
/// <param name="backoff">The delays between one share's attempts, and their clock.</param>
internal sealed class OperationLanes(Backoff backoff)
{
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

    /// <summary>Queues an item behind its operation's busy lane, if it has one.</summary>
    /// <returns>Whether it was queued (else it is written with the rest of its batch).</returns>
    public bool TryJoin(OutboxItem item)
    {
        if (!_lanes.TryGetValue(item.Operation, out var lane))
        {
            return false;
        }

        (lane.Behind ??= new PendingWrite.OperationWrite(item.Operation, lane.Entries, backoff.Time)).Add(item);
        HeldItems++;
        return true;
    }

    /// <summary>A share goes to Redis: its operation is busy until it is settled.</summary>
    public void Started(PendingWrite.OperationWrite write, EntryEncoder entries)
    {
        if (_lanes.TryAdd(write.Operation, new Lane(entries)))
        {
            HeldItems += write.ItemCount;
        }
    }

    /// <summary>The share with Redis went through.</summary>
    /// <returns>The share that queued behind it, to write next, or <see langword="null"/> (the operation is free again).</returns>
    public PendingWrite.OperationWrite? Succeeded(PendingWrite.OperationWrite write)
    {
        var lane = _lanes[write.Operation];
        HeldItems -= write.ItemCount;
        if (lane.Failures > 0)
        {
            lane.Failures = 0;
            Retrying--;
        }

        if (lane.Behind is not { } next)
        {
            _lanes.Remove(write.Operation);
            return null;
        }

        lane.Behind = null;
        return next;
    }

    /// <summary>The share with Redis failed for want of a node: it waits for its retry, with what queued behind it.</summary>
    /// <returns>How many attempts of it failed in a row.</returns>
    public int Failed(PendingWrite.OperationWrite write)
    {
        var lane = _lanes[write.Operation];
        if (lane.Behind is { } behind)
        {
            write.Append(behind);
            lane.Behind = null;
        }

        if (lane.Failures++ == 0)
        {
            Retrying++;
        }

        lane.Waiting = write;
        lane.DueAt = backoff.Time.GetTimestamp() + (long)(backoff.Delay(lane.Failures).TotalSeconds * backoff.Time.TimestampFrequency);
        Parked++;
        return lane.Failures;
    }

    /// <summary>Lets an operation go (its stream broke): what its lane held is dropped.</summary>
    public void Forget(PublishedOperation operation, PendingWrite.OperationWrite write)
    {
        if (_lanes.Remove(operation, out var lane))
        {
            HeldItems -= write.ItemCount + (lane.Behind?.ItemCount ?? 0);
            Retrying -= lane.Failures > 0 ? 1 : 0;
        }
    }

    /// <summary>Takes out the shares whose retry is due.</summary>
    public List<PendingWrite.OperationWrite> TakeDue()
    {
        var now = backoff.Time.GetTimestamp();
        var due = new List<PendingWrite.OperationWrite>();
        foreach (var lane in _lanes.Values)
        {
            if (lane.Waiting is { } waiting && lane.DueAt <= now)
            {
                due.Add(waiting);
                lane.Waiting = null;
                Parked--;
            }
        }

        return due;
    }

    /// <summary>When the next retry is due (a timestamp of the backoff's clock); <see langword="null"/> when none waits.</summary>
    public long? NextDueAt() => Parked == 0 ? null : _lanes.Values.Where(static l => l.Waiting is not null).Min(static l => l.DueAt);

    private sealed class Lane(EntryEncoder entries)
    {
        public EntryEncoder Entries { get; } = entries;

        public int Failures { get; set; }

        public PendingWrite.OperationWrite? Waiting { get; set; }

        public long DueAt { get; set; }

        public PendingWrite.OperationWrite? Behind { get; set; }
    }
}
