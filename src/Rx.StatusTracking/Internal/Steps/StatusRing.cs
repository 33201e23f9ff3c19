namespace Rx.StatusTracking.Internal;

/// <summary>
/// A circular buffer of statuses with a fixed upper capacity. It grows on demand (small trackers do
/// not pay for the full limit) and, once full, overwrites the oldest entry without allocating.
/// Not thread-safe: its owner synchronizes.
/// </summary>
internal sealed class StatusRing(int capacity)
{
    private ChatStatus[] _items = [];
    private int _head;
    private int _count;

    public int Count => _count;

    /// <summary>The newest status, or <see langword="null"/> when empty.</summary>
    public ChatStatus? Last
    {
        get
        {
            if (_count == 0)
            {
                return null;
            }

            var tail = _head + _count - 1;
            return _items[tail >= _items.Length ? tail - _items.Length : tail];
        }
    }

    /// <summary>Appends a status; returns <see langword="true"/> when the oldest one was dropped to make room.</summary>
    public bool Add(ChatStatus status)
    {
        if (_count == _items.Length && _items.Length < capacity)
        {
            Grow();
        }

        if (_count < _items.Length)
        {
            var tail = _head + _count;
            if (tail >= _items.Length)
            {
                tail -= _items.Length;
            }

            _items[tail] = status;
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
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var size = (int)Math.Min(capacity, Math.Max(16, (long)_items.Length * 2));
        var grown = new ChatStatus[size];
        var old = ToArray();
        Array.Copy(old, grown, old.Length);
        _items = grown;
        _head = 0;
    }
}
