using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Redis.Internal;

/// <summary>
/// The bounded queue between the trackers and the writer, in report order: a <see cref="ConflatingBuffer{T, TKey}"/>
/// keyed by operation and step, under a lock. Adding never blocks and never waits on Redis. A non-terminal status
/// followed by a newer status of its step is stale (a reset marker ends its operation's run: nothing before it goes
/// stale). Once <c>limit</c> items wait, each new item removes the oldest stale one (the rest keep their order, so
/// sequences stay in order). Terminal statuses, reset markers, starts, completions and each step's newest status are
/// never conflated; if nothing stale is left, a non-terminal status that finds <c>2 × limit</c> items waiting is
/// dropped and counted, while terminal statuses, reset markers, starts and completions still go in. What it holds counts
/// in the process's <c>rx_status.redis.outbox.depth</c> gauge until it is taken, or the outbox is detached.
/// </summary>
internal sealed class Outbox(int limit)
{
    private readonly Lock _gate = new();
    private readonly ConflatingBuffer<OutboxItem, (PublishedOperation Operation, int Step)> _items =
        new(limit, checked(limit * 2), static (a, b) => a.Operation == b.Operation);

    private bool _detached;

    public int Count => Read(static items => items.Count);

    public int Peak => Read(static items => items.Peak);

    public long Conflated => Read(static items => items.Conflated);

    public long Dropped => Read(static items => items.Dropped);

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    /// <param name="total">
    /// After a conflation or a drop, how many there have been with this one, counted under the lock: racing producers
    /// each get their own number, so a report made at a given count is made exactly once.
    /// </param>
    /// <returns>What happened, so the caller can report conflation or loss.</returns>
    public ConflationResult Add(OutboxItem item, out long total)
    {
        lock (_gate)
        {
            var before = _items.Count;
            var result = _items.Add(item, (item.Operation, item.Status?.Step ?? 0), item.Status);
            Measure(_items.Count - before);
            total = result switch
            {
                ConflationResult.Conflated => _items.Conflated,
                ConflationResult.Dropped => _items.Dropped,
                _ => 0,
            };
            return result;
        }
    }

    /// <summary>Moves up to <paramref name="max"/> items from the head into <paramref name="batch"/>.</summary>
    /// <returns>How many were taken.</returns>
    public int TakeBatch(List<OutboxItem> batch, int max)
    {
        lock (_gate)
        {
            var taken = _items.TakeInto(batch, max);
            Measure(-taken);
            return taken;
        }
    }

    /// <summary>
    /// Takes what it holds out of the depth gauge, for good: the publisher closed, and what is left was given up (it stays
    /// here, for <see cref="Count"/>).
    /// </summary>
    public void Detach()
    {
        lock (_gate)
        {
            Measure(-_items.Count);
            _detached = true;
        }
    }

    private void Measure(int delta)
    {
        if (!_detached)
        {
            RedisMeter.OutboxChanged(delta);
        }
    }

    private T Read<T>(Func<ConflatingBuffer<OutboxItem, (PublishedOperation Operation, int Step)>, T> read)
    {
        lock (_gate)
        {
            return read(_items);
        }
    }
}
