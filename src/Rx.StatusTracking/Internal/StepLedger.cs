using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The per-step bookkeeping behind summaries: each step's latest state, attempts and times, the
/// counts per state, and the retained failures. It trusts its input (the tracker validates first)
/// and is not thread-safe: its owner synchronizes.
/// </summary>
/// <remarks>
/// Steps are structs, so an update allocates nothing and a cleared ledger reuses its storage. Step
/// numbers below <see cref="DenseLimit"/> (every chat turn we know of) index an array directly, which
/// is several times cheaper than a dictionary lookup on the hot path; larger ones go to a dictionary.
/// </remarks>
internal sealed class StepLedger(int failureLimit)
{
    /// <summary>Steps below this number live in the directly indexed array.</summary>
    public const int DenseLimit = 1_024;

    private StepEntry[] _dense = [];
    private int _denseHighWater = -1;
    private Dictionary<int, StepEntry>? _sparse;
    private int _stepCount;
    private readonly StatusRing _failures = new(failureLimit);
    private readonly int[] _countByState = new int[4];
    private DateTimeOffset? _first;
    private DateTimeOffset _last;

    public int StepCount => _stepCount;

    /// <summary>Failed statuses seen since the last clear, including those no longer retained.</summary>
    public long TotalFailures { get; private set; }

    /// <summary>Failed statuses dropped from the retained failures since the last clear.</summary>
    public long DroppedFailures { get; private set; }

    public int CountOf(StatusState state) => _countByState[(int)state];

    /// <summary>The sum of the durations of the steps whose latest state is terminal, in ticks.</summary>
    public long FinishedDurationTicks { get; private set; }

    /// <summary>The first status's time since the last clear, if any.</summary>
    public DateTimeOffset? First => _first;

    /// <summary>The latest status's time (meaningful once <see cref="First"/> has a value).</summary>
    public DateTimeOffset Last => _last;

    /// <summary>The summary of one known step.</summary>
    public StepSummary SummaryOf(int step) =>
        (uint)step < (uint)_dense.Length && _dense[step].Present ? _dense[step].ToSummary(step) : _sparse![step].ToSummary(step);

    /// <summary>The row of the step <paramref name="latest"/> was just applied to.</summary>
    public StepRow RowOf(ChatStatus latest)
    {
        ref var entry = ref Find(latest.Step, out _);
        return new StepRow(latest.Step, entry.Latest.Description, entry.State, entry.Duration, entry.Attempts, latest);
    }

    /// <summary>Every step's summary, keyed by step.</summary>
    public Dictionary<int, StepSummary> ToStepDictionary()
    {
        var steps = new Dictionary<int, StepSummary>(_stepCount);
        for (var step = 0; step <= _denseHighWater; step++)
        {
            if (_dense[step].Present)
            {
                steps.Add(step, _dense[step].ToSummary(step));
            }
        }

        if (_sparse is not null)
        {
            foreach (var (step, entry) in _sparse)
            {
                steps.Add(step, entry.ToSummary(step));
            }
        }

        return steps;
    }

    public bool TryGetState(int step, out StatusState state)
    {
        if ((uint)step < (uint)_dense.Length && _dense[step].Present)
        {
            state = _dense[step].State;
            return true;
        }

        if (step >= DenseLimit && _sparse is not null && _sparse.TryGetValue(step, out var entry))
        {
            state = entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>
    /// Finds a step's entry, adding an empty one for a new step. One lookup serves both the transition
    /// check and <see cref="Apply(ref StepEntry, bool, ChatStatus)"/>; a new step is never refused (any
    /// first state is allowed), so an added entry is always applied right after, before any other call.
    /// </summary>
    public ref StepEntry Find(int step, out bool existed)
    {
        if ((uint)step < (uint)_dense.Length)
        {
            ref var entry = ref _dense[step];
            existed = entry.Present;
            if (!existed)
            {
                entry.Present = true;
                _stepCount++;
                if (step > _denseHighWater)
                {
                    _denseHighWater = step;
                }
            }

            return ref entry;
        }

        return ref FindOutsideDense(step, out existed);
    }

    // Growing the array, or a step number too large for it: rare, so kept off the hot path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ref StepEntry FindOutsideDense(int step, out bool existed)
    {
        if (step < DenseLimit)
        {
            Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(step + 1, Math.Max(16, _dense.Length * 2))));
            return ref Find(step, out existed);
        }

        ref var sparse = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse ??= [], step, out existed);
        if (!existed)
        {
            sparse.Present = true;
            _stepCount++;
        }

        return ref sparse;
    }

    /// <summary>
    /// For operators over any stream: a reset marker clears the ledger; a status no tracker would record
    /// (negative step, undefined state) is ignored rather than corrupting the counts; others are applied.
    /// </summary>
    public void ApplyOrReset(ChatStatus status)
    {
        if (status.IsReset)
        {
            Clear();
        }
        else if (status.Step >= 0 && (uint)status.State <= (uint)StatusState.Failed)
        {
            Apply(status);
        }
    }

    /// <summary>Applies a status; returns <see langword="true"/> when a retained failure was dropped to make room.</summary>
    public bool Apply(ChatStatus status)
    {
        ref var entry = ref Find(status.Step, out var existed);
        return Apply(ref entry, existed, status);
    }

    /// <summary>Applies a status to the entry <see cref="Find"/> returned for its step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Apply(ref StepEntry entry, bool existed, ChatStatus status)
    {
        var at = status.Timestamp.UtcTicks;
        if (existed)
        {
            _countByState[(int)entry.State]--;
            FinishedDurationTicks -= entry.FinishedDuration;
            entry.FinishedDuration = 0;
        }
        else
        {
            entry.FirstAt = at;
        }

        _countByState[(int)status.State]++;

        if (status.State == StatusState.Executing && (!existed || entry.State != StatusState.Executing))
        {
            entry.Attempts++;
            if (!entry.HasStarted)
            {
                entry.HasStarted = true;
                entry.StartedAt = at;
            }
        }

        entry.State = status.State;
        entry.Latest = status;
        if (status.IsTerminal)
        {
            entry.FinishedDuration = Math.Max(0, at - (entry.HasStarted ? entry.StartedAt : entry.FirstAt));
            FinishedDurationTicks += entry.FinishedDuration;
        }

        _first ??= status.Timestamp;
        _last = status.Timestamp;

        if (status.State != StatusState.Failed)
        {
            return false;
        }

        return RecordFailure(status);
    }

    private bool RecordFailure(ChatStatus status)
    {
        TotalFailures++;
        if (!_failures.Add(status))
        {
            return false;
        }

        DroppedFailures++;
        return true;
    }

    public IReadOnlyList<ChatStatus> Failures => _failures.ToArray();

    public void Clear()
    {
        Array.Clear(_dense, 0, _denseHighWater + 1);
        _denseHighWater = -1;
        _sparse?.Clear();
        _stepCount = 0;
        _failures.Clear();
        Array.Clear(_countByState);
        _first = null;
        _last = default;
        TotalFailures = 0;
        DroppedFailures = 0;
        FinishedDurationTicks = 0;
    }

    /// <summary>Builds the summary; <paramref name="endedAt"/> (the completion time) overrides the last status's time.</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt)
    {
        if (_first is not { } first)
        {
            return ExecutionSummary.Empty;
        }

        var steps = new StepSummary[_stepCount];
        var i = 0;
        for (var step = 0; step <= _denseHighWater; step++)
        {
            if (_dense[step].Present)
            {
                steps[i++] = _dense[step].ToSummary(step);
            }
        }

        if (_sparse is { Count: > 0 })
        {
            var denseCount = i;
            foreach (var (step, entry) in _sparse)
            {
                steps[i++] = entry.ToSummary(step);
            }

            // Dense steps are already in order and all below the sparse ones.
            Array.Sort(steps, denseCount, i - denseCount, StepOrder.Instance);
        }

        return new ExecutionSummary
        {
            TotalSteps = _stepCount,
            CompletedSteps = CountOf(StatusState.Completed),
            FailedSteps = CountOf(StatusState.Failed),
            PendingSteps = CountOf(StatusState.Pending),
            ExecutingSteps = CountOf(StatusState.Executing),
            Duration = NonNegative((endedAt ?? _last) - first),
            Steps = steps,
            Failures = _failures.ToArray(),
        };
    }

    // Timestamps given to Update() come from elsewhere and may run backwards; a negative
    // duration would only confuse a UI, so it reads as zero.
    private static TimeSpan NonNegative(TimeSpan duration) => duration < TimeSpan.Zero ? TimeSpan.Zero : duration;

    /// <summary>A step's bookkeeping; small, and free of per-update allocation.</summary>
    internal struct StepEntry
    {
        public ChatStatus Latest;
        public long FirstAt;
        public long StartedAt;
        public long FinishedDuration;
        public StatusState State;
        public int Attempts;
        public bool HasStarted;
        public bool Present;

        public readonly TimeSpan? Duration => State is StatusState.Completed or StatusState.Failed
            ? NonNegative(TimeSpan.FromTicks(Latest.Timestamp.UtcTicks - (HasStarted ? StartedAt : FirstAt)))
            : null;

        public readonly StepSummary ToSummary(int step) => new(step, Latest.Description, State, Duration, Attempts);
    }

    private sealed class StepOrder : IComparer<StepSummary>
    {
        public static readonly StepOrder Instance = new();

        public int Compare(StepSummary? x, StepSummary? y) => x!.Step.CompareTo(y!.Step);
    }
}
