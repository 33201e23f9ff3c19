using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// What the hub's trackers retain, its memory budget (StatusHubOptions.MaxRetainedBytes), and the figures its gauges read.
public sealed partial class StatusHub
{
    /// <summary>The memory budget (<see cref="StatusHubOptions.MaxRetainedBytes"/>), or <see langword="null"/> when there is none.</summary>
    public long? MaxRetainedBytes => _totals.MaxBytes;

    /// <summary>
    /// The estimated bytes the hub's operations retain (see <see cref="StatusHubOptions.MaxRetainedBytes"/> for the
    /// estimate); 0 when the hub has no budget, since only a budget pays for weighing statuses.
    /// </summary>
    public long RetainedBytes => _totals.Bytes;

    /// <summary>
    /// What the hub is doing about its memory budget now: the furthest step of the shedding episode under way, or
    /// <see cref="RetentionPressure.None"/> once a minute (hub time) passed without the hub over budget, and always without a budget.
    /// </summary>
    public RetentionPressure RetentionPressure => _shedder?.Pressure ?? RetentionPressure.None;

    /// <summary>How many statuses the hub's operations retain: their histories and failure lists (a snapshot; walks every operation).</summary>
    public long RetainedStatuses => Held().Sum(operation => (long)operation.Tracker.RetainedCount);

    /// <summary>Times the hub went over its budget after a quiet minute (a new shedding episode).</summary>
    internal long SheddingEpisodes => _shedder?.Episodes ?? 0;

    /// <summary>Statuses dropped from the histories of the hub's operations, because they were full or shed to the budget.</summary>
    internal long HistoryDropped => _totals.HistoryDropped;

    private RetentionShedder? CreateShedder(long? maxBytes)
    {
        if (maxBytes is not { } budget)
        {
            return null;
        }

        var shedder = new RetentionShedder(_totals, budget, Held, _scheduler, _errors.Publish);
        _totals.OverBudget = shedder.OnOverBudget;
        return shedder;
    }

    private void ThrowIfDisposedOrHeld(string operationId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_operations.ContainsKey(operationId))
            {
                throw new OperationExistsException(operationId);
            }
        }
    }

    private HeldOperation[] Held()
    {
        lock (_gate)
        {
            return [.. _operations.Values.Select(o => new HeldOperation(o.Tracker, o.CompletedAt, o.Order))];
        }
    }
}
