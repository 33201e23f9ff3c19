using System.Runtime.InteropServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A map from step number to a per-step object: small step numbers index an array directly (the common case,
/// several times cheaper than hashing), larger ones use a dictionary. Not thread-safe.
/// </summary>
internal sealed class StepMap<T>
    where T : class
{
    private const int DenseLimit = StepLedger.DenseLimit;

    private T?[] _dense = [];
    private Dictionary<int, T>? _sparse;

    public T GetOrAdd(int step, Func<int, T> create)
    {
        if ((uint)step < (uint)_dense.Length)
        {
            return _dense[step] ??= create(step);
        }

        if (step is >= 0 and < DenseLimit)
        {
            Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(step + 1, Math.Max(16, _dense.Length * 2))));
            return _dense[step] = create(step);
        }

        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse ??= [], step, out _);
        return slot ??= create(step);
    }

    public bool TryGet(int step, out T? value)
    {
        value = (uint)step < (uint)_dense.Length ? _dense[step] : null;
        if (value is null && _sparse is not null && step >= DenseLimit)
        {
            _sparse.TryGetValue(step, out value);
        }

        return value is not null;
    }

    public IEnumerable<T> Values
    {
        get
        {
            foreach (var value in _dense)
            {
                if (value is not null)
                {
                    yield return value;
                }
            }

            if (_sparse is not null)
            {
                foreach (var value in _sparse.Values)
                {
                    yield return value;
                }
            }
        }
    }

    public void Clear()
    {
        Array.Clear(_dense);
        _sparse?.Clear();
    }
}
