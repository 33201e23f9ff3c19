namespace Rx.StatusTracking.AI;

/// <summary>
/// The state of copying one call's arguments: the redaction, how many values may still be copied, and the containers
/// being copied (each one's ancestors), so that a container that contains itself is noticed.
/// </summary>
/// <remarks>A struct passed by reference: flat arguments (strings, numbers, JSON) cost no allocation for it.</remarks>
internal struct ArgumentWalk(ArgumentRedaction redaction)
{
    public readonly ArgumentRedaction Redaction = redaction;

    // Made only when a dictionary or list is met.
    private List<object>? _path;

    /// <summary>How many more values may be copied (see <see cref="ArgumentCopy.MaxValues"/>).</summary>
    public int Remaining { get; set; } = ArgumentCopy.MaxValues;

    /// <summary>How many containers are being copied, for <see cref="Unwind"/>.</summary>
    public readonly int Depth => _path?.Count ?? 0;

    /// <summary>Counts one more value copied; <see langword="false"/> when none may be.</summary>
    public bool TryTake()
    {
        if (Remaining == 0)
        {
            return false;
        }

        Remaining--;
        return true;
    }

    /// <summary>Starts copying <paramref name="container"/>; <see langword="false"/> when it is one of its own ancestors.</summary>
    public bool TryEnter(object container)
    {
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
