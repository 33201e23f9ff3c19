namespace Rx.StatusTracking.Redis;

/// <summary>
/// The bounded queue between the trackers and the writer, in report order. Adding never blocks and never waits on
/// Redis. Once <c>limit</c> items wait, a step's waiting non-terminal status gives way to its newer one (removed,
/// and the newer appended at the end, so sequences stay in order); kept items (terminal statuses, reset markers,
/// starts and completions) and a step's only waiting status still go in up to <c>2 × limit</c>; past that, statuses
/// are dropped and counted.
/// </summary>
internal sealed class Outbox(int limit)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxItem> _items = new();
    private readonly int _hardLimit = checked(limit * 2);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public int Peak { get; private set; }

    public long Conflated { get; private set; }

    public long Dropped { get; private set; }

    /// <summary>Adds an item.</summary>
    /// <returns>What happened to it, so the caller can report conflation or loss once.</returns>
    public OutboxAddResult Add(OutboxItem item)
    {
        lock (_gate)
        {
            var operation = item.Operation;
            var status = item.Status;
            var result = OutboxAddResult.Added;
            if (status is not null)
            {
                if (status.IsReset)
                {
                    // Conflation never crosses a reset: what waits from before it stays as it is.
                    operation.WaitingByStep.Clear();
                }
                else if (operation.WaitingByStep.Remove(status.Step, out var older) && _items.Count >= limit)
                {
                    _items.Remove(older);
                    Conflated++;
                    result = OutboxAddResult.Conflated;
                }
                else if (_items.Count >= _hardLimit)
                {
                    Dropped++;
                    return OutboxAddResult.Dropped;
                }
            }

            var node = _items.AddLast(item);
            if (status is not null && !item.IsKept)
            {
                operation.WaitingByStep[status.Step] = node;
            }

            if (_items.Count > Peak)
            {
                Peak = _items.Count;
            }

            return result;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> items from the head into <paramref name="batch"/>.</summary>
    /// <returns>How many were taken.</returns>
    public int TakeBatch(List<OutboxItem> batch, int max)
    {
        lock (_gate)
        {
            var taken = 0;
            while (taken < max && _items.First is { } node)
            {
                _items.RemoveFirst();
                var item = node.Value;
                if (item.Status is { } status
                    && item.Operation.WaitingByStep.TryGetValue(status.Step, out var waiting)
                    && waiting == node)
                {
                    item.Operation.WaitingByStep.Remove(status.Step);
                }

                batch.Add(item);
                taken++;
            }

            return taken;
        }
    }
}

/// <summary>What <see cref="Outbox.Add"/> did.</summary>
internal enum OutboxAddResult
{
    Added,
    Conflated,
    Dropped,
}
