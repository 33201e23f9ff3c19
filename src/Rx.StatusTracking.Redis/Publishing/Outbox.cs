namespace Rx.StatusTracking.Redis;

/// <summary>
/// The bounded queue between the trackers and the writer, in report order. Adding never blocks and never waits on
/// Redis. A non-terminal status followed by a newer status of its step is stale. Once <c>limit</c> items wait, each
/// new item removes the oldest stale one (the rest keep their order, so sequences stay in order). Kept items
/// (terminal statuses, reset markers, starts and completions) and each step's newest status are never conflated:
/// if nothing stale is left they still go in up to <c>2 × limit</c>, and past that statuses are dropped and counted.
/// </summary>
internal sealed class Outbox(int limit)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxItem> _items = new();
    private readonly LinkedList<OutboxItem> _stale = new();
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

    private int _peak;
    private long _conflated;
    private long _dropped;

    public int Peak => Read(ref _peak);

    public long Conflated => Read(ref _conflated);

    public long Dropped => Read(ref _dropped);

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    /// <param name="total">
    /// After a conflation or a drop, how many there have been with this one, counted under the lock: racing producers
    /// each get their own number, so a report made at a given count is made exactly once.
    /// </param>
    /// <returns>What happened, so the caller can report conflation or loss.</returns>
    public OutboxAddResult Add(OutboxItem item, out long total)
    {
        lock (_gate)
        {
            var operation = item.Operation;
            var result = OutboxAddResult.Added;
            total = 0;
            if (item.Status is { } status)
            {
                if (status.IsReset)
                {
                    // Conflation never crosses a reset: what waits from before it keeps its place.
                    operation.WaitingByStep.Clear();
                }
                else if (operation.WaitingByStep.Remove(status.Step, out var superseded))
                {
                    superseded.Value.StaleNode = _stale.AddLast(superseded.Value);
                }
            }

            if (_items.Count >= limit)
            {
                if (_stale.First is { } oldest)
                {
                    _stale.RemoveFirst();
                    _items.Remove(oldest.Value.Node!);
                    oldest.Value.StaleNode = null;
                    total = ++_conflated;
                    result = OutboxAddResult.Conflated;
                }
                else if (_items.Count >= _hardLimit && item.Status is not null)
                {
                    total = ++_dropped;
                    return OutboxAddResult.Dropped;
                }
            }

            item.Node = _items.AddLast(item);
            if (item.Status is { } added && !item.IsKept)
            {
                operation.WaitingByStep[added.Step] = item.Node;
            }

            _peak = Math.Max(_peak, _items.Count);

            return result;
        }
    }

    private T Read<T>(ref T field)
    {
        lock (_gate)
        {
            return field;
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
                item.Node = null;
                if (item.StaleNode is { } stale)
                {
                    _stale.Remove(stale);
                    item.StaleNode = null;
                }
                else if (item.Status is { } status
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
