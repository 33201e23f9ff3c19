using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A hub's memory budget at work (<see cref="StatusHubOptions.MaxRetainedBytes"/>): when its trackers retain more than the
/// budget, it sheds in the documented order until they retain at most <see cref="LowWaterBytes"/>: first the histories of
/// completed operations (oldest completion first; summaries and failures kept), then the histories of running operations
/// down to each step's latest status and every ending, and when that is not enough it refuses new operations until
/// the hub is within budget again. Each stage is reported once per episode; an episode ends after
/// <see cref="EpisodeQuietPeriod"/> in which the hub was never found over budget.
/// </summary>
internal sealed class RetentionShedder(RetainedTotals totals, long maxBytes, Func<HeldOperation[]> operations, IScheduler clock, Action<StatusTrackingError> report)
{
    /// <summary>How long the hub must go without shedding before the next shed starts a new episode (and is reported again).</summary>
    public static readonly TimeSpan EpisodeQuietPeriod = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    // When the hub was last found over budget (UTC ticks of the hub's clock; none yet: MinValue), shedding or not.
    private long _lastOverTicks = long.MinValue;
    private Stages _reported;
    private long _episodes;

    // After a pass that could not get within budget, passes are skipped until retention grows by a sixteenth of the
    // budget: otherwise every status recorded while refusing would walk every operation again.
    private long _retryAbove;
    private volatile bool _refusing;

    [Flags]
    private enum Stages
    {
        None = 0,
        CompletedHistories = 1,
        RunningHistories = 2,
        Refusing = 4,
    }

    /// <summary>Shedding aims this low (90% of the budget), so that a hub at its budget does not shed at every status.</summary>
    public long LowWaterBytes { get; } = maxBytes / 10 * 9;

    /// <summary>Episodes so far: times the hub went over budget after <see cref="EpisodeQuietPeriod"/> without shedding.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>The furthest step of the current episode (none once <see cref="EpisodeQuietPeriod"/> passed without shedding).</summary>
    public RetentionPressure Pressure
    {
        get
        {
            if (_refusing && totals.IsOverBudget)
            {
                return RetentionPressure.RefusingOperations;
            }

            lock (_gate)
            {
                return IsQuiet(clock.Now)
                    ? RetentionPressure.None
                    : (_reported & Stages.RunningHistories) != 0
                        ? RetentionPressure.CuttingRunningHistories
                        : RetentionPressure.SheddingCompletedHistories;
            }
        }
    }

    /// <summary>Called by a tracker over budget (outside its lock): sheds unless a pass that failed just ran, or one is running.</summary>
    public void OnOverBudget()
    {
        if (totals.Bytes > Interlocked.Read(ref _retryAbove))
        {
            Shed();
        }
        else
        {
            // No pass, but still over: the episode goes on (a pass after a long refusal is not a new one).
            Volatile.Write(ref _lastOverTicks, clock.Now.UtcTicks);
        }
    }

    /// <summary>Whether a new operation may start: when refusing, it sheds again first (operations may have completed since).</summary>
    public bool Admits()
    {
        if (!_refusing)
        {
            return true;
        }

        Shed();
        return !_refusing;
    }

    private void Shed()
    {
        // One pass at a time; a tracker finding the gate taken goes on (the pass under way sheds for it too).
        if (!_gate.TryEnter())
        {
            return;
        }

        // Reports reach Errors subscribers (user code) after the gate is released, so a slow one never stops shedding.
        var reports = new List<StatusTrackingError>(capacity: 0);
        try
        {
            ShedLocked(reports);
        }
        finally
        {
            _gate.Exit();
        }

        reports.ForEach(report);
    }

    private void ShedLocked(List<StatusTrackingError> reports)
    {
        if (!totals.IsOverBudget)
        {
            _refusing = false;
            Interlocked.Exchange(ref _retryAbove, 0);
            return;
        }

        StartEpisodeIfQuiet();
        var all = operations();
        if (ShedEach([.. all.Where(o => o.CompletedAt is not null).OrderBy(o => o.CompletedAt).ThenBy(o => o.Order)], static t => t.ShedHistory(), out var shed, out var statuses))
        {
            ReportOnce(reports, Stages.CompletedHistories, $"The hub retained more than its budget of {maxBytes} bytes: it dropped the histories of {shed} completed operations ({statuses} statuses), keeping their summaries and failures.", statuses);
        }

        if (totals.IsOverBudget && ShedEach([.. all.Where(o => o.CompletedAt is null).OrderBy(o => o.Order)], static t => t.ConflateHistory(), out shed, out statuses))
        {
            ReportOnce(reports, Stages.RunningHistories, $"The hub retained more than its budget of {maxBytes} bytes: it cut the histories of {shed} running operations to each step's latest status and every ending ({statuses} statuses dropped).", statuses);
        }

        _refusing = totals.IsOverBudget;
        Interlocked.Exchange(ref _retryAbove, _refusing ? totals.Bytes + (maxBytes / 16) : 0);
        if (_refusing)
        {
            ReportOnce(reports, Stages.Refusing, $"The hub retains {totals.Bytes} bytes, more than its budget of {maxBytes}, with nothing left to shed: new operations are refused (StatusHubFullException) until it is within budget.", dropped: 0);
        }
    }

    // Sheds operation after operation until the low-water mark; says whether any statuses were dropped.
    private bool ShedEach(HeldOperation[] candidates, Func<ChatStatusTracker, int> shed, out int operationsShed, out long statusesDropped)
    {
        operationsShed = 0;
        statusesDropped = 0;
        foreach (var operation in candidates)
        {
            if (totals.Bytes <= LowWaterBytes)
            {
                break;
            }

            var dropped = shed(operation.Tracker);
            if (dropped > 0)
            {
                operationsShed++;
                statusesDropped += dropped;
            }
        }

        return statusesDropped > 0;
    }

    private void StartEpisodeIfQuiet()
    {
        var now = clock.Now;
        if (IsQuiet(now))
        {
            _reported = Stages.None;
            Interlocked.Increment(ref _episodes);
        }

        Volatile.Write(ref _lastOverTicks, now.UtcTicks);
    }

    private bool IsQuiet(DateTimeOffset now) =>
        Volatile.Read(ref _lastOverTicks) is var last && (last == long.MinValue || now.UtcTicks - last > EpisodeQuietPeriod.Ticks);

    private void ReportOnce(List<StatusTrackingError> reports, Stages stage, string message, long dropped)
    {
        if ((_reported & stage) != 0)
        {
            return;
        }

        _reported |= stage;
        reports.Add(new StatusTrackingError(StatusTrackingErrorKind.RetentionShed, message, clock.Now) { Count = dropped });
    }
}
