using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The one conflating buffer of the library (the <c>Conflate</c> operator, a web connection's buffer, the Redis
/// outbox): items wait in the order they were added and are taken oldest first, or by key.
/// </summary>
/// <remarks>
/// <para>
/// Each item comes with its key (a step, or an operation's step) and the status it carries, which gives its role:
/// an update (not terminal), an ending (<see cref="ChatStatus.IsTerminal"/>), a barrier
/// (<see cref="ChatStatus.IsReset"/>) or, with no status, a marker. A waiting update becomes <em>stale</em> when an
/// update or an ending of its key is added after it; a barrier cuts its scope (the whole buffer, or the keys that
/// <c>sameScope</c> matches), so nothing before it goes stale because of anything after it. Only stale updates ever
/// give way: endings, barriers, markers and each key's newest update are never conflated.
/// </para>
/// <para>
/// Once <c>conflateAt</c> items wait, each add makes the oldest stale item (the first superseded) give way; with
/// <c>conflateAt</c> 0 every update replaces its key's waiting one at once. <see cref="ConflateAll"/> does it for every
/// stale item in one pass. Past <c>hardBound</c>, with nothing stale, an update is refused and counted; an ending,
/// a barrier or a marker is never refused (losing one would lose what the consumer cannot recover), so only they
/// may take the buffer past the bound. Nothing is allocated per item once the storage has grown to the peak, and storage
/// past its initial size is rented from the shared array pool (given back when it grows again, or when the buffer empties
/// holding more than it keeps).
/// Not thread-safe: its owner synchronizes.
/// </para>
/// </remarks>
/// <typeparam name="T">The items.</typeparam>
/// <typeparam name="TKey">What updates conflate by.</typeparam>
internal sealed partial class ConflatingBuffer<T, TKey>
    where TKey : notnull
{
    private const int None = -1;
    private const int InitialCapacity = 16;

    // Emptied storage above this size is given back, so a burst does not pin its peak for good.
    private const int KeptCapacity = 1_024;

    private readonly int _conflateAt;
    private readonly int _hardBound;
    private readonly Func<TKey, TKey, bool>? _sameScope;

    // Each key's newest waiting update or ending (its node's index): integer keys 0 to DenseLimit - 1 (the steps of
    // every chat turn we know of) in an array, several times cheaper than hashing on the Conflate operator's hot
    // path; other keys in the dictionary.
    private const int DenseLimit = 1_024;
    private readonly Dictionary<TKey, int> _newest = [];
    private int[] _dense = [];
    private Node[] _nodes = new Node[InitialCapacity];
    private int _allocated;
    private int _free = None;
    private int _head = None;
    private int _tail = None;

    // The stale updates, in the order they were superseded.
    private int _oldestStale = None;
    private int _newestStale = None;

    /// <summary>Creates a buffer.</summary>
    /// <param name="conflateAt">How many items may wait before adds make stale items give way (0: at once).</param>
    /// <param name="hardBound">How many items may wait before updates are refused (at least <paramref name="conflateAt"/>).</param>
    /// <param name="sameScope">Whether two keys share a barrier's scope; <see langword="null"/>: a barrier cuts every key.</param>
    public ConflatingBuffer(int conflateAt, int hardBound, Func<TKey, TKey, bool>? sameScope = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(conflateAt);
        ArgumentOutOfRangeException.ThrowIfLessThan(hardBound, conflateAt);
        _conflateAt = conflateAt;
        _hardBound = hardBound;
        _sameScope = sameScope;
    }

    private enum Role : byte
    {
        Update,
        Ending,
        Barrier,
        Marker,
    }

    /// <summary>How many items wait.</summary>
    public int Count { get; private set; }

    /// <summary>The most items that waited at once.</summary>
    public int Peak { get; private set; }

    /// <summary>How many stale items gave way.</summary>
    public long Conflated { get; private set; }

    /// <summary>How many updates were refused at the hard bound.</summary>
    public long Dropped { get; private set; }

    /// <summary>How many items may wait before updates are refused.</summary>
    public int HardBound => _hardBound;

    /// <summary>Adds an item at the end.</summary>
    /// <param name="item">The item.</param>
    /// <param name="key">Its key (for a barrier, any key of the scope it cuts; ignored for a marker).</param>
    /// <param name="status">The status it carries, which gives its role; <see langword="null"/> for a marker.</param>
    /// <returns>What happened.</returns>
    public ConflationResult Add(T item, TKey key, ChatStatus? status)
    {
        if (status is not null && TryReplace(item, key, status))
        {
            return ConflationResult.Conflated;
        }

        var role = RoleOf(status);
        ref var newest = ref Unsafe.NullRef<int>();
        var known = false;
        if (role == Role.Barrier)
        {
            Cut(key);
        }
        else if (role != Role.Marker)
        {
            newest = ref Newest(key, out known);
            if (known)
            {
                ref var superseded = ref _nodes[newest];
                superseded.Indexed = false;
                if (superseded.Role == Role.Update)
                {
                    MarkStale(newest);
                }
            }
        }

        var result = ConflationResult.Added;
        if (Count >= _conflateAt && _oldestStale != None)
        {
            // Stale items are in no index entry, so the reference into the index stays valid.
            Unlink(_oldestStale);
            Conflated++;
            result = ConflationResult.Conflated;
        }
        else if (Count >= _hardBound && role == Role.Update)
        {
            // Nothing was superseded (that would have left a stale item), so only an entry made just now is undone.
            if (!known)
            {
                Forget(key);
            }

            Dropped++;
            return ConflationResult.Dropped;
        }

        var index = Append(item, key, role);
        if (!Unsafe.IsNullRef(ref newest))
        {
            newest = index;
            _nodes[index].Indexed = true;
        }

        Peak = Math.Max(Peak, Count);
        return result;
    }

    /// <summary>
    /// Adds an item when that makes its key's waiting update give way at once (the update would go stale and be the
    /// first to give way); its place goes to the end with the new item. Otherwise adds nothing.
    /// </summary>
    /// <returns>Whether the item was added (counted in <see cref="Conflated"/>).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReplace(T item, TKey key, ChatStatus status)
    {
        if (status.IsReset || _oldestStale != None || Count < _conflateAt || !TryGetNewest(key, out var index) || _nodes[index].Role != Role.Update)
        {
            return false;
        }

        MoveToEnd(index, item, status.IsTerminal ? Role.Ending : Role.Update);
        Conflated++;
        return true;
    }

    /// <summary>Takes the oldest waiting item.</summary>
    public bool TryTake(out T item)
    {
        if (_head == None)
        {
            item = default!;
            return false;
        }

        item = Remove(_head);
        return true;
    }

    /// <summary>Moves up to <paramref name="max"/> of the oldest items into <paramref name="target"/>, in order.</summary>
    /// <returns>How many were moved.</returns>
    public int TakeInto(List<T> target, int max)
    {
        var taken = 0;
        while (taken < max && TryTake(out var item))
        {
            target.Add(item);
            taken++;
        }

        return taken;
    }

    /// <summary>Takes the newest waiting update or ending of <paramref name="key"/>, if there is one.</summary>
    public bool TryTake(TKey key, out T item)
    {
        if (TryGetNewest(key, out var index))
        {
            item = Remove(index);
            return true;
        }

        item = default!;
        return false;
    }

    /// <summary>Makes every stale item give way.</summary>
    /// <returns>How many did.</returns>
    public int ConflateAll()
    {
        var conflated = 0;
        while (_oldestStale != None)
        {
            Unlink(_oldestStale);
            conflated++;
        }

        Conflated += conflated;
        return conflated;
    }

    /// <summary>Forgets every waiting item (the counters stay).</summary>
    public void Clear()
    {
        _newest.Clear();
        Array.Fill(_dense, None);
        Array.Clear(_nodes, 0, _allocated);
        _allocated = 0;
        _free = _head = _tail = _oldestStale = _newestStale = None;
        Count = 0;
        Shrink();
    }

    private T Remove(int index)
    {
        ref var node = ref _nodes[index];
        if (node.Indexed)
        {
            Forget(node.Key);
        }

        var item = node.Item;
        Unlink(index);
        if (Count == 0)
        {
            Shrink();
        }

        return item;
    }
}
