namespace Rx.StatusTracking.Internal;

/// <summary>
/// A circular buffer of statuses with a fixed upper capacity. It grows on demand (small trackers do
/// not pay for the full limit) and, once full, overwrites the oldest entry without allocating.
/// Not thread-safe: its owner synchronizes.
/// </summary>
/// <remarks>
/// A weighted ring (a hub's memory budget) also keeps each status's estimated size and their sum, <see cref="Weight"/>;
/// an unweighted one allocates and costs nothing for it.
/// </remarks>
internal sealed class StatusRing(int capacity, bool weighted = false)
{
    private ChatStatus[] _items = [];
    private long[]? _weights = weighted ? [] : null;
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>The sum of the retained statuses' weights (always 0 in an unweighted ring).</summary>
    public long Weight { get; private set; }

    /// <summary>The newest status, or <see langword="null"/> when empty.</summary>
    public ChatStatus? Last => _count == 0 ? null : _items[IndexOf(_count - 1)];

    /// <summary>The oldest status held, or <see langword="null"/>.</summary>
    public ChatStatus? First => _count == 0 ? null : _items[IndexOf(0)];

    /// <summary>Appends a status; returns <see langword="true"/> when the oldest one was dropped to make room.</summary>
    public bool Add(ChatStatus status)
    {
        if (_count == _items.Length && _items.Length < capacity)
        {
            Grow();
        }

        if (_count < _items.Length)
        {
            _items[IndexOf(_count)] = status;
            _count++;
            return false;
        }

        _items[_head] = status;
        if (++_head == _items.Length)
        {
            _head = 0;
        }

        return true;
    }

    /// <summary>Appends a status with its weight (a weighted ring only); returns <see langword="true"/> when the oldest was dropped.</summary>
    public bool Add(ChatStatus status, long weight)
    {
        // The slot the status lands in: the one after the newest, which is the oldest's when the ring is full.
        var slot = _count == _items.Length && _items.Length == capacity ? _head : -1;
        var dropped = Add(status);
        slot = slot >= 0 ? slot : IndexOf(_count - 1);
        Weight += weight - _weights![slot];
        _weights[slot] = weight;
        return dropped;
    }

    /// <summary>Keeps the statuses <paramref name="keep"/> says, in order, and drops the others with their weights.</summary>
    /// <returns>How many were dropped.</returns>
    public int RetainWhere(Func<ChatStatus, bool> keep)
    {
        var kept = 0;
        var weight = 0L;
        for (var i = 0; i < _count; i++)
        {
            var index = IndexOf(i);
            if (!keep(_items[index]))
            {
                continue;
            }

            // Compacting in place from the oldest: the write position never passes the read position.
            var target = IndexOf(kept++);
            _items[target] = _items[index];
            if (_weights is not null)
            {
                _weights[target] = _weights[index];
                weight += _weights[index];
            }
        }

        var dropped = _count - kept;
        for (var i = kept; i < _count; i++)
        {
            var index = IndexOf(i);
            _items[index] = null!;
            if (_weights is not null)
            {
                _weights[index] = 0;
            }
        }

        _count = kept;
        Weight = weight;
        return dropped;
    }

    public ChatStatus[] ToArray()
    {
        if (_count == 0)
        {
            return [];
        }

        var result = new ChatStatus[_count];
        var firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, result, 0, firstPart);
        Array.Copy(_items, 0, result, firstPart, _count - firstPart);
        return result;
    }

    /// <summary>Empties the buffer, keeping its storage for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_items);
        if (_weights is not null)
        {
            Array.Clear(_weights);
        }

        _head = 0;
        _count = 0;
        Weight = 0;
    }

    private int IndexOf(int position)
    {
        var index = _head + position;
        return index >= _items.Length ? index - _items.Length : index;
    }

    private void Grow()
    {
        var size = (int)Math.Min(capacity, Math.Max(16, (long)_items.Length * 2));
        _items = Unrolled(_items, size);
        if (_weights is not null)
        {
            _weights = Unrolled(_weights, size);
        }

        _head = 0;
    }

    // The ring's items oldest first at the start of a larger array.
    private T[] Unrolled<T>(T[] items, int size)
    {
        var grown = new T[size];
        var firstPart = Math.Min(_count, items.Length - _head);
        Array.Copy(items, _head, grown, 0, firstPart);
        Array.Copy(items, 0, grown, firstPart, _count - firstPart);
        return grown;
    }
}
