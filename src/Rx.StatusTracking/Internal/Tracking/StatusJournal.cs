using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// What a tracker has recorded: the bounded history, each step's state (<see cref="StepTable"/>), the retained failures,
/// the sequence, the highest step used, the last stamp, and when a trim is reported. Single-threaded: the tracker calls
/// it under its lock. It trusts its input (the tracker's <see cref="ReportPolicy"/> checked it) and calls no user code.
/// A hub's tracker also adds what it retains to the hub's <see cref="RetainedTotals"/>, and can shed it to a budget.
/// </summary>
internal sealed class StatusJournal(int historyLimit, RetainedTotals? totals = null)
{
    private readonly bool _weighs = totals?.Weighs ?? false;
    private readonly StatusRing _history = new(historyLimit, totals?.Weighs ?? false);
    private readonly StepTable _steps = new();
    private readonly FailureLog _failures = new(historyLimit, totals?.Weighs ?? false);

    // Steps reserved and not recorded yet, each with the parent it was reserved under (null: top-level).
    private readonly StepMap<int?> _reserved = new();
    private long _sequence;
    private long _droppedThrough;
    private LossLog? _losses;
    private long _resetCount;
    private int _highestStep;
    private int _historyTrimCountdown = 1;
    private int _failureTrimCountdown = 1;
    private DateTimeOffset _lastStamp;

    // What this journal last added to the totals' bytes; released (and no longer added to) once the tracker is disposed.
    private long _accountedBytes;
    private bool _released;

    public ChatStatus? Current => _history.Last;

    public ChatStatus[] History => _history.ToArray();

    /// <summary>Statuses dropped from the full history since the last reset.</summary>
    public long HistoryDropped { get; private set; }

    public long LastSequence => _sequence;

    /// <summary>
    /// No status recorded after this sequence has left the history (see <see cref="ChatStatusTracker.HistoryDroppedThrough"/>):
    /// exact for a trim of a gapless history, at most the sequence of the moment otherwise. Never lowered, not even by a reset.
    /// </summary>
    /// <remarks>
    /// The ring's trims are read off its oldest status here rather than noted per drop, which would cost every append of a
    /// full history; the rest (a shed, a conflation, a reset) is noted when it happens.
    /// </remarks>
    public long DroppedThrough => HistoryDropped > 0
        ? Math.Max(_droppedThrough, (_history.First?.Sequence ?? _sequence + 1) - 1)
        : _droppedThrough;

    public bool HasFailures => _failures.Total > 0;

    /// <summary>The statuses retained: the history's and the failures' (one failure in both counts twice).</summary>
    public int RetainedCount => _history.Count + _failures.Count;

    public ChatStatus[] Failures => _failures.ToArray();

    /// <summary>Resets so far; readable without the owner's lock.</summary>
    public long ResetCount => Volatile.Read(ref _resetCount);

    public ExecutionSummary Summary(DateTimeOffset? completedAt) => _steps.ToSummary(completedAt, _failures.ToArray());

    public ProgressSnapshot Progress(int? expectedSteps) => _steps.ToProgress(expectedSteps);

    /// <summary>Takes the next free step number (see <see cref="ChatStatusTracker.ReserveStep()"/>), fixing its parent.</summary>
    /// <param name="parentStep">Its parent, already checked (<see cref="ParentProblem"/>); <see langword="null"/> for a top-level step.</param>
    public int ReserveStep(int? parentStep = null)
    {
        if (_highestStep == int.MaxValue)
        {
            throw new InvalidOperationException("No step number is left: step int.MaxValue was already recorded or reserved.");
        }

        var step = ++_highestStep;
        _reserved.Find(step, out _) = parentStep;
        return step;
    }

    /// <summary>The latest description of a recorded step, or <see langword="null"/>.</summary>
    public string? DescriptionOf(int step)
    {
        ref var entry = ref _steps.FindExisting(step, out var found);
        return found ? entry.Latest.Description : null;
    }

    /// <summary>Whether a step was recorded or reserved since the last reset: only such a step can be a parent.</summary>
    public bool IsKnown(int step)
    {
        if (step < 0)
        {
            return false;
        }

        _steps.FindExisting(step, out var recorded);
        return recorded || _reserved.TryGet(step, out _);
    }

    /// <summary>
    /// Why <paramref name="parentStep"/> cannot be the parent of <paramref name="step"/>'s next status, or
    /// <see langword="null"/> when it can: a step is not its own parent, a parent must be known (<see cref="IsKnown"/>),
    /// and a step's parent is fixed by its first status or its reservation.
    /// </summary>
    /// <param name="step">The step reported on.</param>
    /// <param name="parentStep">The parent its status names.</param>
    /// <param name="isFixed">Whether the step's parent is already fixed (it was recorded or reserved).</param>
    public string? ParentProblem(int step, int parentStep, out bool isFixed)
    {
        int? fixedParent;
        ref var entry = ref _steps.FindExisting(step, out isFixed);
        if (isFixed)
        {
            fixedParent = entry.Parent;
        }
        else if (!(isFixed = _reserved.TryGet(step, out fixedParent)))
        {
            return parentStep == step
                ? $"Step {step} cannot be its own parent."
                : IsKnown(parentStep) ? null : $"Step {step} names parent step {parentStep}, which was neither recorded nor reserved since the last reset.";
        }

        return fixedParent == parentStep
            ? null
            : $"Step {step} has {(fixedParent is { } known ? $"parent step {known}" : "no parent")}; it cannot change to parent step {parentStep}.";
    }

    /// <inheritdoc cref="StepTable.Find"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref StepEntry Find(int step, out bool existed) => ref _steps.Find(step, out existed);

    /// <summary>Sequence order and time order agree even when threads race between the clock read and the lock.</summary>
    public DateTimeOffset NotBeforeLastStamp(DateTimeOffset now) => now.UtcTicks < _lastStamp.UtcTicks ? _lastStamp : now;

    /// <summary>Records a new status on the entry <see cref="Find"/> returned for its step.</summary>
    /// <param name="entry">The step's entry.</param>
    /// <param name="existed">Whether the step was known before.</param>
    /// <param name="step">The step.</param>
    /// <param name="description">The checked description.</param>
    /// <param name="state">The checked state.</param>
    /// <param name="at">The time: the tracker's clock (<paramref name="stamped"/>, kept in time order) or a given timestamp (kept as given).</param>
    /// <param name="stamped">Whether <paramref name="at"/> is the tracker's own clock reading.</param>
    /// <param name="data">The payload.</param>
    /// <param name="error">The captured error.</param>
    /// <param name="trims">The trims to report.</param>
    /// <param name="parentStep">
    /// The parent a status of a new step named (already checked, <see cref="ParentProblem"/>); a known step keeps its own,
    /// and a reserved one the one it was reserved under.
    /// </param>
    /// <param name="progress">The checked fraction done.</param>
    /// <param name="weight">The status's weight under a budget (<see cref="RetainedTotals.Estimate"/>), else 0.</param>
    /// <returns>The recorded status, with the next sequence number.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChatStatus Append(ref StepEntry entry, bool existed, int step, string description, StatusState state, DateTimeOffset at, bool stamped, object? data, StatusError? error, out JournalTrims trims, int? parentStep = null, double? progress = null, long weight = 0)
    {
        if (stamped)
        {
            at = _lastStamp = NotBeforeLastStamp(at);
        }

        // The step's entry holds its parent: a known step costs no lookup, a new one at most its reservation's.
        var parent = existed ? entry.Parent : TakeReservation(step) ?? parentStep;
        var recorded = new ChatStatus(step, description, state, at, data, error, ++_sequence, parent, progress);
        trims = Apply(ref entry, existed, recorded, weight);
        return recorded;
    }

    /// <summary>Records a status another tracker recorded, keeping its sequence and timestamp (see <see cref="ChatStatusTracker.Import"/>).</summary>
    /// <returns><see langword="false"/> for a duplicate (its sequence is not past <see cref="LastSequence"/>).</returns>
    public bool Import(ChatStatus status, out JournalTrims trims, long weight = 0)
    {
        trims = JournalTrims.None;
        if (status.Sequence <= _sequence)
        {
            return false;
        }

        _sequence = status.Sequence;
        _lastStamp = NotBeforeLastStamp(status.Timestamp);
        if (status.IsReset)
        {
            Clear();
        }
        else
        {
            ref var entry = ref _steps.Find(status.Step, out var existed);
            trims = Apply(ref entry, existed, status, weight);
        }

        return true;
    }

    /// <summary>Records the sequences after <see cref="LastSequence"/> through <paramref name="through"/> as lost (see <see cref="ChatStatusTracker.RecordLoss"/>).</summary>
    /// <returns><see langword="false"/> when <paramref name="through"/> is not past <see cref="LastSequence"/>.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool RecordLoss(long through)
    {
        if (through <= _sequence)
        {
            return false;
        }

        (_losses ??= new LossLog()).Add(_sequence + 1, through, _history.First?.Sequence ?? _sequence + 1);
        _sequence = through;
        return true;
    }

    /// <summary>Whether a loss was recorded between two sequences, both excluded.</summary>
    public bool HasLossBetween(long after, long before) => _losses?.Overlaps(after + 1, before - 1) ?? false;

    /// <summary>A reset marker stamped in time order, not yet recorded (sequence 0).</summary>
    public ChatStatus ResetMarker(DateTimeOffset now) => new()
    {
        Step = ChatStatus.ResetStep,
        Description = ChatStatusMessages.TrackerReset,
        State = StatusState.Pending,
        Timestamp = NotBeforeLastStamp(now),
        IsReset = true,
    };

    /// <summary>Clears everything but the sequence, and records the marker of it (<see cref="ResetMarker"/>).</summary>
    /// <returns>The marker with its sequence number.</returns>
    public ChatStatus Reset(ChatStatus marker)
    {
        _lastStamp = marker.Timestamp;
        var recorded = marker with { Sequence = ++_sequence };
        Clear();
        return recorded;
    }

    /// <summary>The report of a trim this journal flagged, with the count dropped since the last reset.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public StatusTrackingError TrimReport(JournalTrims trim, ChatStatus recorded)
    {
        var (kind, what, dropped) = trim == JournalTrims.History
            ? (StatusTrackingErrorKind.HistoryTrimmed, "history is", HistoryDropped)
            : (StatusTrackingErrorKind.FailuresTrimmed, "retained failures are", _failures.Dropped);
        return new StatusTrackingError(
            kind,
            $"The {what} full ({historyLimit}): the oldest statuses are being dropped; {dropped} dropped since the last reset.",
            recorded.Timestamp) { Status = recorded, Count = dropped };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JournalTrims Apply(ref StepEntry entry, bool existed, ChatStatus recorded, long weight)
    {
        var trims = JournalTrims.None;
        var dropped = _weighs ? _history.Add(recorded, weight) : _history.Add(recorded);
        if (dropped)
        {
            HistoryDropped++;
            if (IsFirstOfTrim(ref _historyTrimCountdown))
            {
                trims = JournalTrims.History;
            }
        }

        if (!existed && recorded.Step > _highestStep)
        {
            _highestStep = recorded.Step;
        }
        else if (!existed && _reserved.Count > 0)
        {
            // An imported step that was reserved here: the table holds it from now on.
            _reserved.Remove(recorded.Step, out _);
        }

        _steps.Apply(ref entry, existed, recorded);
        if (_failures.RecordIfFailed(recorded, weight) && IsFirstOfTrim(ref _failureTrimCountdown))
        {
            trims |= JournalTrims.Failures;
        }

        if (_weighs)
        {
            Settle();
        }

        if (dropped && totals is not null)
        {
            totals.CountHistoryDropped(1);
        }

        return trims;
    }

    /// <summary>
    /// Under a hub's budget, for a completed operation: drops its history (counted in <see cref="HistoryDropped"/>) and
    /// the payloads of its steps' latest statuses, keeping its summary and failures exact.
    /// </summary>
    /// <returns>How many statuses were dropped.</returns>
    public int ShedHistory()
    {
        var dropped = _history.Count;
        _history.Clear();
        if (dropped > 0)
        {
            _droppedThrough = _sequence;
        }

        _steps.DropPayloads();
        HistoryDropped += dropped;
        totals?.CountHistoryDropped(dropped);
        Settle();
        return dropped;
    }

    /// <summary>
    /// Under a hub's budget, for a running operation: keeps in its history each step's latest status and every ending
    /// (completed or failed), dropping the rest (counted in <see cref="HistoryDropped"/>).
    /// </summary>
    /// <returns>How many statuses were dropped.</returns>
    public int ConflateHistory()
    {
        var dropped = _history.RetainWhere(status => status.IsTerminal || _steps.IsLatest(status));
        if (dropped > 0)
        {
            // Which ones went is not kept: the sequence of the moment bounds them.
            _droppedThrough = _sequence;
        }

        HistoryDropped += dropped;
        totals?.CountHistoryDropped(dropped);
        Settle();
        return dropped;
    }

    /// <summary>Takes what this journal retains off the hub's totals, for good (its tracker is disposed).</summary>
    public void Release()
    {
        if (totals is not null && !_released)
        {
            totals.AddBytes(-_accountedBytes);
            _released = true;
        }
    }

    // Brings the hub's estimated bytes up to what this journal now retains (weighing journals only).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Settle()
    {
        if (!_weighs || _released)
        {
            return;
        }

        var bytes = _history.Weight + _failures.Weight;
        totals!.AddBytes(bytes - _accountedBytes);
        _accountedBytes = bytes;
    }

    // A trim is reported when it starts and then once per limit's worth of drops: never silent, never a flood.
    // A countdown, because a 64-bit modulo per drop would cost more than the rest of the append.
    private bool IsFirstOfTrim(ref int countdown)
    {
        if (--countdown > 0)
        {
            return false;
        }

        countdown = historyLimit;
        return true;
    }

    // A new step's reservation, taken out (the table holds the step from now on): its parent, or null.
    private int? TakeReservation(int step) => _reserved.Count > 0 && _reserved.Remove(step, out var parent) ? parent : null;

    // The sequence is already the reset marker's: it and everything before it is gone (the history never holds the marker).
    private void Clear()
    {
        _droppedThrough = _sequence;
        _history.Clear();
        _steps.Clear();
        _reserved.Clear();
        _failures.Clear();
        HistoryDropped = 0;
        _highestStep = 0;
        Interlocked.Increment(ref _resetCount);
        _historyTrimCountdown = 1;
        _failureTrimCountdown = 1;
        Settle();
    }
}
