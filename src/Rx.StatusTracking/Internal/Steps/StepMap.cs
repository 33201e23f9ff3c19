using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A map from step number to per-step state, handing out references so state is updated in place. Step numbers
/// 0 to <see cref="DenseLimit"/> - 1 (every chat turn we know of) index an array directly, several times cheaper
/// than hashing on the tracker's hot path; other numbers use a dictionary. Not thread-safe: its owner synchronizes.
/// </summary>
internal sealed class StepMap<T>
{
    /// <summary>Steps below this number live in the directly indexed array.</summary>
    public const int DenseLimit = 1_024;

    private Slot[] _dense = [];
    private int _highWater = -1;
    private Dictionary<int, T>? _sparse;
    private T _missing = default!;

    public int Count { get; private set; }

    /// <summary>
    /// The step's state, added as <see langword="default"/> for a new step (<paramref name="existed"/> is then
    /// false). The reference is valid until the next call that may add a step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T Find(int step, out bool existed)
    {
        if ((uint)step < (uint)_dense.Length)
        {
            ref var slot = ref _dense[step];
            existed = slot.Present;
            if (!existed)
            {
                slot.Present = true;
                Count++;
                if (step > _highWater)
                {
                    _highWater = step;
                }
            }

            return ref slot.Value;
        }

        return ref FindOutsideDense(step, out existed);
    }

    /// <summary>
    /// The step's state when present, without adding it (<paramref name="found"/> false: a reference to a throwaway
    /// value). Never grows the storage, so a reference <see cref="Find"/> returned stays valid.
    /// </summary>
    public ref T FindExisting(int step, out bool found)
    {
        if ((uint)step < (uint)_dense.Length)
        {
            ref var slot = ref _dense[step];
            found = slot.Present;
            return ref slot.Value;
        }

        if (_sparse is not null && (uint)step >= DenseLimit)
        {
            ref var value = ref CollectionsMarshal.GetValueRefOrNullRef(_sparse, step);
            found = !Unsafe.IsNullRef(ref value);
            if (found)
            {
                return ref value!;
            }
        }

        found = false;
        _missing = default!;
        return ref _missing;
    }

    /// <summary>Removes a step; <see langword="false"/> when it was not there.</summary>
    public bool Remove(int step, [MaybeNullWhen(false)] out T value)
    {
        if ((uint)step < (uint)_dense.Length)
        {
            ref var slot = ref _dense[step];
            value = slot.Value;
            if (!slot.Present)
            {
                return false;
            }

            slot = default;
            Count--;
            return true;
        }

        if (_sparse is not null && (uint)step >= DenseLimit && _sparse.Remove(step, out value))
        {
            Count--;
            return true;
        }

        value = default;
        return false;
    }

    public bool TryGet(int step, [MaybeNullWhen(false)] out T value)
    {
        if ((uint)step < (uint)_dense.Length && _dense[step].Present)
        {
            value = _dense[step].Value;
            return true;
        }

        value = default;
        return _sparse is not null && (uint)step >= DenseLimit && _sparse.TryGetValue(step, out value);
    }

    /// <summary>Every step and its state, in step order.</summary>
    public IEnumerable<(int Step, T Value)> Entries
    {
        get
        {
            // Negative steps (only from streams a tracker did not validate) live in the dictionary and come first.
            var sparse = _sparse is { Count: > 0 } ? _sparse.OrderBy(pair => pair.Key).ToList() : [];
            foreach (var pair in sparse.Where(pair => pair.Key < 0))
            {
                yield return (pair.Key, pair.Value);
            }

            for (var step = 0; step <= _highWater; step++)
            {
                if (_dense[step].Present)
                {
                    yield return (step, _dense[step].Value);
                }
            }

            foreach (var pair in sparse.Where(pair => pair.Key >= 0))
            {
                yield return (pair.Key, pair.Value);
            }
        }
    }

    /// <summary>Forgets every step, keeping the storage for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_dense, 0, _highWater + 1);
        _highWater = -1;
        _sparse?.Clear();
        Count = 0;
    }

    // Growing the array, or a step number outside it: rare, so kept off the hot path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref T FindOutsideDense(int step, out bool existed)
    {
        if (step is >= 0 and < DenseLimit)
        {
            Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(step + 1, Math.Max(16, _dense.Length * 2))));
            return ref Find(step, out existed);
        }

        ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse ??= [], step, out existed);
        if (!existed)
        {
            Count++;
        }

        return ref value!;
    }

    private struct Slot
    {
        public T Value;
        public bool Present;
    }
}
