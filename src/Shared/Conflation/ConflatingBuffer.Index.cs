using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rx.StatusTracking.Internal;

// Each key's newest waiting update or ending, and what a barrier cuts.
internal sealed partial class ConflatingBuffer<T, TKey>
{
    private static Role RoleOf(ChatStatus? status) =>
        status is null ? Role.Marker : status.IsReset ? Role.Barrier : status.IsTerminal ? Role.Ending : Role.Update;

    // The key's entry, added for a new key (known is then false; the caller sets it).
    private ref int Newest(TKey key, out bool known)
    {
        if (typeof(TKey) == typeof(int))
        {
            var step = Unsafe.As<TKey, int>(ref key);
            if ((uint)step < DenseLimit)
            {
                if (step >= _dense.Length)
                {
                    GrowDense(step);
                }

                ref var slot = ref _dense[step];
                known = slot != None;
                return ref slot;
            }
        }

        return ref CollectionsMarshal.GetValueRefOrAddDefault(_newest, key, out known);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryGetNewest(TKey key, out int index)
    {
        if (typeof(TKey) == typeof(int))
        {
            var step = Unsafe.As<TKey, int>(ref key);
            if ((uint)step < DenseLimit)
            {
                index = step < _dense.Length ? _dense[step] : None;
                return index != None;
            }
        }

        return _newest.TryGetValue(key, out index);
    }

    private void Forget(TKey key)
    {
        if (typeof(TKey) == typeof(int))
        {
            var step = Unsafe.As<TKey, int>(ref key);
            if ((uint)step < (uint)_dense.Length)
            {
                _dense[step] = None;
                return;
            }
        }

        _newest.Remove(key);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowDense(int step)
    {
        var length = _dense.Length;
        Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(step + 1, Math.Max(16, length * 2))));
        Array.Fill(_dense, None, length, _dense.Length - length);
    }

    private void Cut(TKey key)
    {
        // Barriers are rare (a tracker reset): a pass over what waits is cheaper than an index per scope.
        for (var index = _head; index != None; index = _nodes[index].Next)
        {
            ref var node = ref _nodes[index];
            if (node.Indexed && (_sameScope is null || _sameScope(node.Key, key)))
            {
                node.Indexed = false;
                Forget(node.Key);
            }
        }
    }
}
