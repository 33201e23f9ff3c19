using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The operations' shares that Redis did not take for want of a node (a failover, a restart, a lost connection), each
/// waiting for its own retry with backoff while the writer goes on with every other operation: on Redis Cluster one
/// shard down stalls only the operations whose streams it holds. An operation's later items join its waiting share, so
/// its statuses still reach Redis in order. Used by the writer's thread only.
/// </summary>
/// <param name="backoff">The delays between one share's attempts, and their clock.</param>
internal sealed class ParkedWrites(Backoff backoff)
{
    private readonly Dictionary<PublishedOperation, Parked> _parked = [];

    /// <summary>How many operations wait for a retry.</summary>
    public int Count => _parked.Count;

    /// <summary>How many outbox items the waiting shares hold (counted when the writer stops).</summary>
    public int ItemCount => _parked.Values.Sum(static p => p.Write.ItemCount);

    /// <summary>Adds an item to its operation's waiting share, if it has one.</summary>
    /// <returns>Whether it joined one (else it is written with the rest of its batch).</returns>
    public bool TryJoin(OutboxItem item)
    {
        if (!_parked.TryGetValue(item.Operation, out var parked))
        {
            return false;
        }

        parked.Write.Add(item);
        return true;
    }

    /// <summary>Parks a share that failed, after <paramref name="failures"/> failed attempts in a row, until its next try.</summary>
    public void Park(PendingWrite.OperationWrite write, int failures) =>
        _parked[write.Operation] = new Parked(write, failures, backoff.Time.GetTimestamp() + ToTimestamp(backoff.Delay(failures)));

    /// <summary>Takes out the shares whose next try is due, with how many attempts of each failed so far.</summary>
    public List<(PendingWrite.OperationWrite Write, int Failures)> TakeDue()
    {
        var now = backoff.Time.GetTimestamp();
        var due = new List<(PendingWrite.OperationWrite, int)>();
        foreach (var (operation, parked) in _parked)
        {
            if (parked.DueAt <= now)
            {
                due.Add((parked.Write, parked.Failures));
                _parked.Remove(operation);
            }
        }

        return due;
    }

    /// <summary>How long until the next share is due; <see langword="null"/> when none waits.</summary>
    public TimeSpan? UntilNextDue()
    {
        if (_parked.Count == 0)
        {
            return null;
        }

        var next = _parked.Values.Min(static p => p.DueAt);
        return next <= backoff.Time.GetTimestamp() ? TimeSpan.Zero : backoff.Time.GetElapsedTime(backoff.Time.GetTimestamp(), next);
    }

    private long ToTimestamp(TimeSpan delay) => (long)(delay.Ticks * (backoff.Time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    private sealed record Parked(PendingWrite.OperationWrite Write, int Failures, long DueAt);
}
