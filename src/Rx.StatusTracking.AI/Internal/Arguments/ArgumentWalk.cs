namespace Rx.StatusTracking.AI.Internal;

/// <summary>
/// The state of copying one call's arguments: the redaction, how many values and bytes may still be copied, and the
/// containers being copied (each one's ancestors, the arguments dictionary first), so that a container that contains
/// itself is noticed.
/// </summary>
/// <remarks>A struct passed by reference: flat arguments (strings, numbers, JSON) cost no allocation for it.</remarks>
internal struct ArgumentWalk(ArgumentRedaction redaction, object arguments)
{
    public readonly ArgumentRedaction Redaction = redaction;

    // The arguments dictionary, the first ancestor of every container: kept apart from the path so that flat arguments
    // never make the path.
    private readonly object _arguments = arguments;

    // Made only when a dictionary or list is met.
    private List<object>? _path;

    /// <summary>How many more values may be copied (see <see cref="ArgumentCopy.MaxValues"/>).</summary>
    public int Remaining { get; set; } = ArgumentCopy.MaxValues;

    /// <summary>How many more bytes of JSON may be copied or serialized (see <see cref="ArgumentCopy.MaxBytes"/>).</summary>
    public int RemainingBytes { get; set; } = ArgumentCopy.MaxBytes;

    /// <summary>How many containers are being copied, for <see cref="Unwind"/>.</summary>
    public readonly int Depth => _path?.Count ?? 0;

    /// <summary>Counts <paramref name="count"/> more values copied; <see langword="false"/>, counting none, when they do not fit.</summary>
    public bool TryTake(int count = 1)
    {
        if (count > Remaining)
        {
            return false;
        }

        Remaining -= count;
        return true;
    }

    /// <summary>Counts <paramref name="count"/> more bytes copied; <see langword="false"/>, counting none, when they do not fit.</summary>
    public bool TryTakeBytes(int count)
    {
        if (count > RemainingBytes)
        {
            return false;
        }

        RemainingBytes -= count;
        return true;
    }

    /// <summary>Starts copying <paramref name="container"/>; <see langword="false"/> when it is one of its own ancestors.</summary>
    public bool TryEnter(object container)
    {
        if (ReferenceEquals(container, _arguments))
        {
            return false;
        }

        _path ??= new List<object>(4);
        foreach (var ancestor in _path)
        {
            if (ReferenceEquals(ancestor, container))
            {
                return false;
            }
        }

        _path.Add(container);
        return true;
    }

    /// <summary>Ends copying the container last entered.</summary>
    public readonly void Leave() => _path!.RemoveAt(_path.Count - 1);

    /// <summary>Forgets the containers entered since <see cref="Depth"/> was <paramref name="depth"/> (their copy threw).</summary>
    public readonly void Unwind(int depth) => _path?.RemoveRange(depth, _path.Count - depth);
}
