using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// Each step's latest state, attempts and times, and the counts per state: the one computation behind summaries,
/// progress, step lists and rows. It trusts its input (the tracker validates first; operators go through
/// <see cref="ApplyOrReset"/>) and is not thread-safe: its owner synchronizes. Failures are kept apart, by a
/// <see cref="FailureLog"/>, by the owners that list them.
/// </summary>
/// <remarks>
/// <para>
/// Steps are structs in a <see cref="StepMap{T}"/>, so an update allocates nothing and a cleared table reuses its storage.
/// </para>
/// <para>
/// <b>Fractions done</b> (behind <see cref="ProgressSnapshot.Percent"/>): a finished step (completed or failed) counts 1; an
/// executing step whose latest status carries <see cref="ChatStatus.Progress"/> counts that; any other step with children
/// counts the mean of its children's fractions (each figured the same way, so a tree adds up from its leaves); any other
/// step counts 0. They are kept up to date as statuses arrive: a child's change walks up its ancestors, and a step
/// without a parent costs nothing more.
/// </para>
/// </remarks>
internal sealed class StepTable
{
    private readonly StepMap<StepEntry> _steps = new();
    private readonly int[] _countByState = new int[5];

    // Every step's fraction, and per parent step its children's (a parent may be absent: reserved, or not seen yet).
    private readonly StepMap<FractionSum> _children = new();
    private FractionSum _all;
    private DateTimeOffset? _first;
    private DateTimeOffset _last;

    public int StepCount => _steps.Count;

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
        return new StepRow(latest.Step, entry.Latest.Description, entry.State, entry.Duration, entry.Attempts, latest) { ParentStep = entry.Parent };
    }

    /// <summary>
    /// Finds a step's entry, adding an empty one for a new step. One lookup serves both the transition
    /// check and <see cref="Apply(ref StepEntry, bool, ChatStatus)"/>; a new step is never refused (any
    /// first state is allowed), so an added entry is always applied right after, before any other call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref StepEntry Find(int step, out bool existed) => ref _steps.Find(step, out existed);

    /// <summary>A step's entry when present, without adding it (see <see cref="StepMap{T}.FindExisting"/>).</summary>
    public ref StepEntry FindExisting(int step, out bool found) => ref _steps.FindExisting(step, out found);

    /// <summary>Whether a (non-reset) status can be applied: streams a tracker did not validate may hold a negative step or an undefined state.</summary>
    public static bool Accepts(ChatStatus status) => status.Step >= 0 && StatusTransitions.IsDefined(status.State);

    /// <summary>
    /// For operators over any stream: a reset marker clears the table; a status no tracker would record
    /// (see <see cref="Accepts"/>) is ignored rather than corrupting the counts; others are applied.
    /// </summary>
    /// <returns><see langword="true"/> when the status was applied.</returns>
    public bool ApplyOrReset(ChatStatus status)
    {
        if (status.IsReset)
        {
            Clear();
            return false;
        }

        if (!Accepts(status))
        {
            return false;
        }

        Apply(status);
        return true;
    }

    public void Apply(ChatStatus status)
    {
        ref var entry = ref Find(status.Step, out var existed);
        Apply(ref entry, existed, status);
    }

    /// <summary>Applies a status to the entry <see cref="Find"/> returned for its step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply(ref StepEntry entry, bool existed, ChatStatus status)
    {
        var at = status.Timestamp.UtcTicks;
        long fractionBefore = 0;
        var finishedBefore = false;
        if (existed)
        {
            _countByState[(int)entry.State]--;
            FinishedDurationTicks -= entry.FinishedDuration;
            entry.FinishedDuration = 0;
            fractionBefore = entry.Fraction;
            finishedBefore = IsFinished(entry.State);
            _all.Remove(fractionBefore, finishedBefore);
        }
        else
        {
            entry.FirstAt = at;
            entry.Parent = ParentOf(status);
        }

        _countByState[(int)status.State]++;

        // An attempt starts at the first Executing after none, a failure or a completion; waiting for input in the
        // middle of one (an approval) and progress updates do not start another.
        if (status.State == StatusState.Executing)
        {
            if (!entry.AttemptOpen)
            {
                entry.AttemptOpen = true;
                entry.Attempts++;
                if (!entry.HasStarted)
                {
                    entry.HasStarted = true;
                    entry.StartedAt = at;
                }
            }
        }
        else if (status.State != StatusState.AwaitingInput)
        {
            entry.AttemptOpen = false;
        }

        entry.State = status.State;
        entry.Latest = status;
        var finished = status.IsTerminal;
        if (finished)
        {
            entry.FinishedDuration = Math.Max(0, at - (entry.HasStarted ? entry.StartedAt : entry.FirstAt));
            FinishedDurationTicks += entry.FinishedDuration;
        }

        var fraction = finished ? FractionSum.Whole : FractionOf(status);
        entry.Fraction = fraction;
        _all.Add(fraction, finished);
        if (entry.Parent is { } parent)
        {
            ChildChanged(parent, existed, fractionBefore, finishedBefore, fraction, finished);
        }

        _first ??= status.Timestamp;
        _last = status.Timestamp;
    }

    /// <summary>Whether <paramref name="status"/> is its step's latest (the very record applied last).</summary>
    public bool IsLatest(ChatStatus status)
    {
        ref var entry = ref _steps.FindExisting(status.Step, out var found);
        return found && ReferenceEquals(entry.Latest, status);
    }

    /// <summary>
    /// Replaces each step's latest status by a copy without <see cref="ChatStatus.Data"/>: what summaries, progress and
    /// rows read of it (description, state, times, progress) stays; the payload's memory is released.
    /// </summary>
    public void DropPayloads()
    {
        foreach (var (step, value) in _steps.Entries)
        {
            if (value.Latest.Data is not null)
            {
                _steps.FindExisting(step, out _).Latest = value.Latest with { Data = null };
            }
        }
    }

    public void Clear()
    {
        _steps.Clear();
        _children.Clear();
        _all = default;
        Array.Clear(_countByState);
        _first = null;
        _last = default;
        FinishedDurationTicks = 0;
    }

    /// <summary>Every step's summary, in step order.</summary>
    public StepSummary[] Steps() => [.. _steps.Entries.Select(e => e.Value.ToSummary(e.Step))];

    /// <summary>The summary; <paramref name="endedAt"/> (the completion time) overrides the last status's time.</summary>
    public ExecutionSummary ToSummary(DateTimeOffset? endedAt, IReadOnlyList<ChatStatus> failures) =>
        _first is null ? ExecutionSummary.Empty : ToSummary(endedAt, Steps(), failures);

    /// <summary>The summary around step and failure lists kept elsewhere (in step order, oldest failure first).</summary>
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
            AwaitingInputSteps = CountOf(StatusState.AwaitingInput),
            Duration = NonNegative((endedAt ?? _last) - first),
            Steps = steps,
            Failures = failures,
        };
    }

    /// <summary>The progress figures: the one place percent and the remaining-time estimate are computed.</summary>
    public ProgressSnapshot ToProgress(int? expectedSteps)
    {
        var completed = CountOf(StatusState.Completed);
        var failed = CountOf(StatusState.Failed);
        var finished = completed + failed;
        var outOf = expectedSteps ?? StepCount;
        var percent = outOf == 0 ? 0 : Math.Min(100, 100.0 * _all.Total / outOf);

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
            AwaitingInput = CountOf(StatusState.AwaitingInput),
            Completed = completed,
            Failed = failed,
            ExpectedSteps = expectedSteps,
            Percent = percent,
            Elapsed = First is { } start && Last > start ? Last - start : TimeSpan.Zero,
            EstimatedRemaining = remaining,
        };
    }

    private static bool IsFinished(StatusState state) => state is StatusState.Completed or StatusState.Failed;

    // Streams a tracker did not check may name a negative parent, or the step itself: such a step stays top-level.
    private static int? ParentOf(ChatStatus status) =>
        status.ParentStep is { } parent && parent >= 0 && parent != status.Step ? parent : null;

    // The fraction of an unfinished step: its own figure while executing, else its children's mean, else 0.
    private long FractionOf(ChatStatus status)
    {
        if (status.State == StatusState.Executing && status.Progress is { } own)
        {
            return FractionSum.ToUnits(own);
        }

        if (_children.Count > 0)
        {
            ref var children = ref _children.FindExisting(status.Step, out var found);
            if (found && children.Count > 0)
            {
                return children.Mean;
            }
        }

        return 0;
    }

    // A child's fraction changed (or a child appeared): its parent's children figures change, and so may the parent's
    // own fraction, and then its parent's. Every sum always holds what its steps' entries hold; in a cycle of parents (a
    // stream no tracker checked) the figures stop following after one walk per step in the table, so the walk ends.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ChildChanged(int parent, bool known, long before, bool finishedBefore, long after, bool finished)
    {
        for (var walked = 0; ; walked++)
        {
            ref var children = ref _children.Find(parent, out _);
            if (known)
            {
                children.Remove(before, finishedBefore);
            }

            children.Add(after, finished);
            ref var entry = ref _steps.FindExisting(parent, out var present);
            if (walked >= _steps.Count || !present || IsFinished(entry.State) || (entry.State == StatusState.Executing && entry.Latest.Progress is not null))
            {
                return;
            }

            var figure = children.Mean;
            if (figure == entry.Fraction)
            {
                return;
            }

            (before, after) = (entry.Fraction, figure);
            _all.Remove(before, finished: false);
            _all.Add(after, finished: false);
            entry.Fraction = after;
            if (entry.Parent is not { } grandparent)
            {
                return;
            }

            (known, finishedBefore, finished) = (true, false, false);
            parent = grandparent;
        }
    }

    // Timestamps given to Update() come from elsewhere and may run backwards; a negative
    // duration would only confuse a UI, so it reads as zero.
    internal static TimeSpan NonNegative(TimeSpan duration) => duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
}
