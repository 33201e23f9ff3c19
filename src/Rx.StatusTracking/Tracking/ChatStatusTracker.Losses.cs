namespace Rx.StatusTracking;

// Losses a mirror learns of: written and read only where sequences jump, so recording and delivering statuses never touch them.
public sealed partial class ChatStatusTracker
{
    // Read without the lock: a tracker that never lost anything answers HasLossBetween at once.
    private volatile bool _hasLosses;

    /// <summary>
    /// Records that the statuses after <see cref="LastSequence"/> through <paramref name="throughSequence"/> were lost for
    /// good before they reached this tracker: a mirror (<see cref="Import"/>) whose source lost them says so, so readers that
    /// cross them are told (<see cref="HasLossBetween"/>: the web endpoints send an SSE <c>event: gap</c>) rather than
    /// stepped over them as over a conflation. <see cref="LastSequence"/> becomes <paramref name="throughSequence"/>, so
    /// those statuses are never imported afterwards; nothing is delivered to subscribers.
    /// </summary>
    /// <remarks>
    /// Call it before importing the status after the loss, or before <see cref="Complete()"/> when the loss comes right
    /// before the end. A loss that follows on from the previous one joins it. Memory is bounded: the tracker keeps the
    /// losses that its history spans (at most 1,024 apart); older ones are kept as one span, from the first to the last
    /// sequence they covered.
    /// </remarks>
    /// <param name="throughSequence">The last sequence lost.</param>
    /// <returns>
    /// <see langword="true"/> when recorded; <see langword="false"/> when <paramref name="throughSequence"/> is not past
    /// <see cref="LastSequence"/> (nothing new is lost) or the tracker is completed.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="throughSequence"/> is below 1.</exception>
    public bool RecordLoss(long throughSequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(throughSequence, 1);
        lock (_gate)
        {
            if (_completed || !_journal.RecordLoss(throughSequence))
            {
                return false;
            }

            _hasLosses = true;
            return true;
        }
    }

    /// <summary>
    /// A sequence past which nothing recorded has left <see cref="History"/>: a reader resuming after it finds every status
    /// this tracker recorded since still there, so a jump in what it replays is a conflation by the source (a mirror's) or a
    /// recorded loss (<see cref="HasLossBetween"/>), never a status it missed. A reader resuming before it may have missed
    /// some, dropped by <see cref="StatusTrackerOptions.HistoryLimit"/>, by a hub's memory budget or by a reset: the web
    /// endpoints tell such a client with an SSE <c>event: gap</c> at its first jump.
    /// </summary>
    /// <remarks>
    /// 0 while the history has dropped nothing. A reset counts its own marker as dropped (the history never holds it), so
    /// a reader resuming before the marker is told. Exact when the history ring drops the oldest of statuses with no jumps
    /// between them; otherwise (a mirror's history with jumps, statuses shed under a budget) it may be higher than the last
    /// sequence dropped, never lower, so a resuming reader may be told of a gap that held only conflations, never stepped
    /// over a status it missed. It never goes down, a reset included. Read it after <see cref="History"/>, not before: a
    /// snapshot taken later may lack statuses dropped in between.
    /// </remarks>
    public long HistoryDroppedThrough => Read(static journal => journal.DroppedThrough);

    /// <summary>
    /// Whether any sequence after <paramref name="afterSequence"/> and before <paramref name="beforeSequence"/> was recorded
    /// lost (<see cref="RecordLoss"/>): how a reader that jumps between two sequences tells a loss, which it reports, from a
    /// conflation, which it does not. Cheap for a tracker that never lost anything (no lock).
    /// </summary>
    /// <remarks>
    /// Exact within the losses the history spans; for older ones it answers for the one span they are kept as (see
    /// <see cref="RecordLoss"/>), so it may say yes for a range between two of them.
    /// </remarks>
    /// <param name="afterSequence">The last sequence the reader has (0: none).</param>
    /// <param name="beforeSequence">The sequence it jumps to (for the end of the operation, <see cref="LastSequence"/> + 1).</param>
    /// <returns><see langword="true"/> when a recorded loss lies strictly between the two.</returns>
    public bool HasLossBetween(long afterSequence, long beforeSequence)
    {
        if (!_hasLosses || beforeSequence - afterSequence < 2)
        {
            return false;
        }

        lock (_gate)
        {
            return _journal.HasLossBetween(afterSequence, beforeSequence);
        }
    }
}
