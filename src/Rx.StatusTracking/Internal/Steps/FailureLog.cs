namespace Rx.StatusTracking.Internal;

/// <summary>
/// The newest failures, bounded, with how many there were in all and how many were dropped to make room: what
/// summaries list as <see cref="ExecutionSummary.Failures"/>. Not thread-safe: its owner synchronizes.
/// </summary>
internal sealed class FailureLog(int limit, bool weighted = false)
{
    private readonly StatusRing _retained = new(limit, weighted);

    /// <summary>How many failures are retained.</summary>
    public int Count => _retained.Count;

    /// <summary>The retained failures' weight (see <see cref="StatusRing.Weight"/>).</summary>
    public long Weight => _retained.Weight;

    /// <summary>Failures recorded since the last clear, including those no longer retained.</summary>
    public long Total { get; private set; }

    /// <summary>Failures dropped from the retained ones since the last clear.</summary>
    public long Dropped { get; private set; }

    /// <summary>Records a failed status; returns <see langword="true"/> when the oldest retained failure was dropped to make room.</summary>
    public bool Record(ChatStatus failure, long weight = 0)
    {
        Total++;
        if (!(weighted ? _retained.Add(failure, weight) : _retained.Add(failure)))
        {
            return false;
        }

        Dropped++;
        return true;
    }

    /// <summary>Records <paramref name="status"/> if it is a failure (as <see cref="Record"/>), and ignores it otherwise.</summary>
    public bool RecordIfFailed(ChatStatus status, long weight = 0) => status.State == StatusState.Failed && Record(status, weight);

    /// <summary>The retained failures, oldest first.</summary>
    public ChatStatus[] ToArray() => _retained.ToArray();

    public void Clear()
    {
        _retained.Clear();
        Total = 0;
        Dropped = 0;
    }
}
