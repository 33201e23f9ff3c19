using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// What a hub's memory budget asks of its trackers (see StatusHubOptions.MaxRetainedBytes), and what its gauges read.
public sealed partial class ChatStatusTracker
{
    /// <summary>How many statuses the tracker retains: its history and its failures.</summary>
    internal int RetainedCount => Read(static journal => journal.RetainedCount);

    /// <summary>A completed operation's history is dropped, its summary and failures kept (see <see cref="StatusJournal.ShedHistory"/>).</summary>
    /// <returns>How many statuses were dropped (0 for a running or disposed tracker).</returns>
    internal int ShedHistory()
    {
        lock (_gate)
        {
            return _completed && !_disposed ? _journal.ShedHistory() : 0;
        }
    }

    /// <summary>A running operation's history keeps each step's latest status and every ending (see <see cref="StatusJournal.ConflateHistory"/>).</summary>
    /// <returns>How many statuses were dropped.</returns>
    internal int ConflateHistory()
    {
        lock (_gate)
        {
            return _disposed ? 0 : _journal.ConflateHistory();
        }
    }
}
