using System.Buffers;

namespace Rx.StatusTracking.Internal;

// The storage: nodes in arrays, linked in arrival order and, once stale, in the order they were superseded.
internal sealed partial class ConflatingBuffer<T, TKey>
{
    // The key's newest update gives way to a newer item at once: its node carries the item to the end.
    private void MoveToEnd(int index, T item, Role role)
    {
        ref var node = ref _nodes[index];
        node.Item = item;
        node.Role = role;
        if (index != _tail)
        {
            Detach(index);
            node.Previous = _tail;
            node.Next = None;
            _nodes[_tail].Next = index;
            _tail = index;
        }
    }

    // Takes the node out of the order (its links are left as they were).
    private void Detach(int index)
    {
        ref var node = ref _nodes[index];
        if (node.Previous == None)
        {
            _head = node.Next;
        }
        else
        {
            _nodes[node.Previous].Next = node.Next;
        }

        if (node.Next == None)
        {
            _tail = node.Previous;
        }
        else
        {
            _nodes[node.Next].Previous = node.Previous;
        }
    }

    private void MarkStale(int index)
    {
        ref var node = ref _nodes[index];
        node.Stale = true;
        node.StaleNext = None;
        node.StalePrevious = _newestStale;
        if (_newestStale == None)
        {
            _oldestStale = index;
        }
        else
        {
            _nodes[_newestStale].StaleNext = index;
        }

        _newestStale = index;
    }

    private int Append(T item, TKey key, Role role)
    {
        int index;
        if (_free != None)
        {
            index = _free;
            _free = _nodes[index].Next;
        }
        else
        {
            if (_allocated == _nodes.Length)
            {
                Grow();
            }

            index = _allocated++;
        }

        _nodes[index] = new Node { Item = item, Key = key, Role = role, Previous = _tail, Next = None, StalePrevious = None, StaleNext = None };
        if (_tail == None)
        {
            _head = index;
        }
        else
        {
            _nodes[_tail].Next = index;
        }

        _tail = index;
        Count++;
        return index;
    }

    // Takes the node out of the order and the stale list and frees it; its index entry, if any, is the caller's.
    private void Unlink(int index)
    {
        Detach(index);
        ref var node = ref _nodes[index];
        if (node.Stale)
        {
            if (node.StalePrevious == None)
            {
                _oldestStale = node.StaleNext;
            }
            else
            {
                _nodes[node.StalePrevious].StaleNext = node.StaleNext;
            }

            if (node.StaleNext == None)
            {
                _newestStale = node.StalePrevious;
            }
            else
            {
                _nodes[node.StaleNext].StalePrevious = node.StalePrevious;
            }
        }

        // Cleared so a freed node keeps nothing alive.
        node = new Node { Next = _free };
        _free = index;
        Count--;
    }

    // Storage past the initial size comes from the shared pool and goes back to it, cleared: a burst (a recorded operation
    // published at once) would otherwise allocate its storage anew, on the large object heap, every time.
    private void Grow()
    {
        var bigger = ArrayPool<Node>.Shared.Rent(_nodes.Length * 2);
        Array.Copy(_nodes, bigger, _allocated);

        // Cleared first (the nodes moved hold references), and only the part used: the rest is as the pool handed it out.
        Array.Clear(_nodes, 0, _allocated);
        GiveBack(_nodes);
        _nodes = bigger;
    }

    // Only when empty, so every node was cleared as it was unlinked (or by Clear).
    private void Shrink()
    {
        if (_nodes.Length > KeptCapacity)
        {
            GiveBack(_nodes);
            _nodes = new Node[InitialCapacity];
            _allocated = 0;
            _free = None;
        }
    }

    private static void GiveBack(Node[] nodes)
    {
        if (nodes.Length > InitialCapacity)
        {
            ArrayPool<Node>.Shared.Return(nodes);
        }
    }

    private struct Node
    {
        public T Item;
        public TKey Key;
        public int Previous;
        public int Next;
        public int StalePrevious;
        public int StaleNext;
        public Role Role;
        public bool Stale;

        // Whether the key's index entry points here.
        public bool Indexed;
    }
}
