using System.Runtime.InteropServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The per-step bookkeeping behind summaries: each step's latest state, attempts and times, the
/// counts per state, and the retained failures. It trusts its input (the tracker validates first)
/// and is not thread-safe: its owner synchronizes. Steps live in a dictionary of structs so that
/// an update allocates nothing and a cleared ledger reuses its storage.
/// </summary>
internal sealed class StepLedger(int failureLimit)
{
    private readonly Dictionary<int, StepState> _steps = [];
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

    public bool TryGetState(int step, out StatusState state)
    {
        if (_steps.TryGetValue(step, out var entry))
        {
            state = entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>Applies a status; returns <see langword="true"/> when a retained failure was dropped to make room.</summary>
    public bool Apply(ChatStatus status)
    {
        var at = status.Timestamp;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_steps, status.Step, out var existed);
        if (existed)
        {
            _countByState[(int)entry.State]--;
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
        entry.Description = status.Description;
        entry.LatestAt = at;

        _first ??= at;
        _last = at;

        if (status.State != StatusState.Failed)
        {
            return false;
        }

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
    }

    /// <summary>Builds the summary; <paramref name="endedAt"/> (the completion time) overrides the last status's time.</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt)
    {
        if (_first is not { } first)
        {
            return ExecutionSummary.Empty;
        }

        var steps = new StepSummary[_steps.Count];
        var i = 0;
        foreach (var (step, entry) in _steps)
        {
            steps[i++] = entry.ToSummary(step);
        }

        Array.Sort(steps, static (a, b) => a.Step.CompareTo(b.Step));
        return new ExecutionSummary
        {
            TotalSteps = _steps.Count,
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

    private struct StepState
    {
        public StatusState State;
        public string Description;
        public DateTimeOffset FirstAt;
        public DateTimeOffset StartedAt;
        public DateTimeOffset LatestAt;
        public bool HasStarted;
        public int Attempts;

        public readonly StepSummary ToSummary(int step)
        {
            TimeSpan? duration = State is StatusState.Completed or StatusState.Failed
                ? NonNegative(LatestAt - (HasStarted ? StartedAt : FirstAt))
                : null;
            return new StepSummary(step, Description, State, duration, Attempts);
        }
    }
}
