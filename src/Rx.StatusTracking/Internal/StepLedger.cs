using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The per-step bookkeeping behind summaries: each step's latest state, attempts and times, the
/// counts per state, and the retained failures. It trusts its input (the tracker validates first)
/// and is not thread-safe: its owner synchronizes.
/// </summary>
/// <remarks>
/// Steps are structs in a <see cref="StepMap{T}"/>, so an update allocates nothing and a cleared ledger
/// reuses its storage.
/// </remarks>
internal sealed class StepLedger(int failureLimit)
{
    private readonly StepMap<StepEntry> _steps = new();
    private readonly StatusRing _failures = new(failureLimit);
    private readonly int[] _countByState = new int[4];
    private DateTimeOffset? _first;
    private DateTimeOffset _last;

    public int StepCount => _steps.Count;

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

    /// <summary>The summary of a step already applied.</summary>
    public StepSummary SummaryOf(int step) => _steps.Find(step, out _).ToSummary(step);

    /// <summary>The row of the step <paramref name="latest"/> was just applied to.</summary>
    public StepRow RowOf(ChatStatus latest)
    {
        ref var entry = ref _steps.Find(latest.Step, out _);
        return new StepRow(latest.Step, entry.Latest.Description, entry.State, entry.Duration, entry.Attempts, latest);
    }

    /// <summary>
    /// Finds a step's entry, adding an empty one for a new step. One lookup serves both the transition
    /// check and <see cref="Apply(ref StepEntry, bool, ChatStatus)"/>; a new step is never refused (any
    /// first state is allowed), so an added entry is always applied right after, before any other call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref StepEntry Find(int step, out bool existed) => ref _steps.Find(step, out existed);

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
        else if (Accepts(status))
        {
            Apply(status);
        }
    }

    /// <summary>Whether <see cref="ApplyOrReset"/> applies a (non-reset) status: streams a tracker did not validate may hold a negative step or an undefined state, which are skipped.</summary>
    public static bool Accepts(ChatStatus status) => status.Step >= 0 && (uint)status.State <= (uint)StatusState.Failed;

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
        _steps.Clear();
        _failures.Clear();
        Array.Clear(_countByState);
        _first = null;
        _last = default;
        TotalFailures = 0;
        DroppedFailures = 0;
        FinishedDurationTicks = 0;
    }

    /// <summary>Builds the summary; <paramref name="endedAt"/> (the completion time) overrides the last status's time.</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt) =>
        _first is null ? ExecutionSummary.Empty : ToSummary(endedAt, [.. _steps.Entries.Select(e => e.Value.ToSummary(e.Step))], _failures.ToArray());

    /// <summary>Builds the summary around step and failure lists kept elsewhere (in step order, oldest failure first).</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt, IReadOnlyList<StepSummary> steps, IReadOnlyList<ChatStatus> failures)
    {
        if (_first is not { } first)
        {
            return ExecutionSummary.Empty;
        }

        return new ExecutionSummary
        {
            TotalSteps = _steps.Count,
            CompletedSteps = CountOf(StatusState.Completed),
            FailedSteps = CountOf(StatusState.Failed),
            PendingSteps = CountOf(StatusState.Pending),
            ExecutingSteps = CountOf(StatusState.Executing),
            Duration = NonNegative((endedAt ?? _last) - first),
            Steps = steps,
            Failures = failures,
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

        // Derivable from Latest, but kept: reading the step's previous status (often cold in cache) on every
        // report measurably slowed the tracker's hot path.
        public long FinishedDuration;
        public StatusState State;
        public int Attempts;
        public bool HasStarted;

        public readonly TimeSpan? Duration => State is StatusState.Completed or StatusState.Failed
            ? NonNegative(TimeSpan.FromTicks(Latest.Timestamp.UtcTicks - (HasStarted ? StartedAt : FirstAt)))
            : null;

        public readonly StepSummary ToSummary(int step) => new(step, Latest.Description, State, Duration, Attempts);
    }

    public ProgressSnapshot ToProgress(int? expectedSteps)
    {
        var completed = CountOf(StatusState.Completed);
        var failed = CountOf(StatusState.Failed);
        var finished = completed + failed;
        var outOf = expectedSteps ?? StepCount;
        var percent = outOf == 0 ? 0 : Math.Min(100, 100.0 * finished / outOf);

        TimeSpan? remaining = null;
        if (expectedSteps is { } expected && finished > 0)
        {
            var meanTicks = FinishedDurationTicks / finished;
            remaining = TimeSpan.FromTicks(meanTicks * Math.Max(0, expected - finished));
        }

        return new ProgressSnapshot
        {
            Pending = CountOf(StatusState.Pending),
            Executing = CountOf(StatusState.Executing),
            Completed = completed,
            Failed = failed,
            ExpectedSteps = expectedSteps,
            Percent = percent,
            Elapsed = First is { } first && Last > first ? Last - first : TimeSpan.Zero,
            EstimatedRemaining = remaining,
        };
    }
}
