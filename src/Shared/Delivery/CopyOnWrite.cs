namespace Rx.StatusTracking.Internal;

/// <summary>Observer lists kept as immutable arrays: readers iterate without a lock, writers replace the array under theirs.</summary>
internal static class CopyOnWrite
{
    /// <summary>The array without the first occurrence of <paramref name="item"/> (the same array when absent).</summary>
    public static T[] Without<T>(T[] array, T item)
        where T : class
    {
        var index = Array.IndexOf(array, item);
        return index < 0 ? array : [.. array.AsSpan(0, index), .. array.AsSpan(index + 1)];
    }
}
