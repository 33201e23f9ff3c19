namespace Rx.StatusTracking.Internal;

/// <summary>What <see cref="ConflatingBuffer{T, TKey}.Add"/> did with an item.</summary>
internal enum ConflationResult
{
    /// <summary>The item waits; nothing gave way.</summary>
    Added,

    /// <summary>The item waits, and the oldest stale item gave way to make room (counted in <c>Conflated</c>).</summary>
    Conflated,

    /// <summary>The item was refused: the buffer is at its hard bound with nothing stale (counted in <c>Dropped</c>).</summary>
    Dropped,
}
