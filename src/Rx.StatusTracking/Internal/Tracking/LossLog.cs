namespace Rx.StatusTracking.Internal;

/// <summary>
/// The sequence ranges a tracker was told are lost for good (<see cref="ChatStatusTracker.RecordLoss"/>), oldest first,
/// so a reader that jumps from one sequence to another can tell a loss from a conflation. Created on the first loss:
/// a tracker that never loses anything pays nothing. Not thread-safe: its journal's owner synchronizes.
/// </summary>
/// <remarks>
/// Bounded: ranges that end before the oldest status the history retains, and the oldest past <see cref="MaxRanges"/>,
/// are folded into one envelope (from the first to the last sequence they covered). A reader that far behind jumps
/// from before the history anyway; the envelope keeps it told, at the cost of exactness inside it.
/// </remarks>
internal sealed class LossLog
{
    /// <summary>At most this many ranges are kept apart (16 bytes each).</summary>
    public const int MaxRanges = 1024;

    private readonly List<(long First, long Last)> _ranges = [];
    private long _foldedFirst;
    private long _foldedLast;

    /// <summary>Records <paramref name="first"/>..<paramref name="last"/> as lost, joined to the previous range when it follows on.</summary>
    /// <param name="first">The first lost sequence (past every range recorded before).</param>
    /// <param name="last">The last lost sequence.</param>
    /// <param name="oldestRetained">The sequence of the oldest status the history holds (older ranges are folded).</param>
    public void Add(long first, long last, long oldestRetained)
    {
        if (_ranges.Count > 0 && _ranges[^1].Last + 1 == first)
        {
            first = _ranges[^1].First;
            _ranges.RemoveAt(_ranges.Count - 1);
        }

        _ranges.Add((first, last));
        var folded = 0;
        while (folded < _ranges.Count && (_ranges[folded].Last < oldestRetained || _ranges.Count - folded > MaxRanges))
        {
            Fold(_ranges[folded++]);
        }

        _ranges.RemoveRange(0, folded);
    }

    /// <summary>Whether any sequence from <paramref name="first"/> to <paramref name="last"/> was recorded lost.</summary>
    public bool Overlaps(long first, long last)
    {
        if (first > last)
        {
            return false;
        }

        if (_foldedLast >= first && _foldedFirst <= last)
        {
            return true;
        }

        // The first range that ends at or after 'first' is the only one that can start at or before 'last'.
        int low = 0, high = _ranges.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_ranges[middle].Last < first)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _ranges.Count && _ranges[low].First <= last;
    }

    private void Fold((long First, long Last) range)
    {
        _foldedFirst = _foldedLast == 0 ? range.First : _foldedFirst;
        _foldedLast = range.Last;
    }
}
