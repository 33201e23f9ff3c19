using System.Collections.Immutable;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The state behind <see cref="StatusOperators.RunningSummary"/>: a step table for the figures, and the step and
/// failure lists as immutable lists that each summary shares with the one before. A status replaces one step and
/// perhaps adds one failure, so it costs O(log n) instead of copying every step and every retained failure.
/// </summary>
internal sealed class RunningSummaryBuilder(int failureLimit)
{
    private static readonly IComparer<StepSummary> ByStep = Comparer<StepSummary>.Create(static (a, b) => a.Step.CompareTo(b.Step));

    private readonly StepTable _ledger = new();
    private ImmutableList<StepSummary> _steps = [];
    private ImmutableList<ChatStatus> _failures = [];

    /// <summary>Applies a status (as <see cref="StepTable.ApplyOrReset"/> does) and returns the summary after it.</summary>
    public ExecutionSummary Apply(ChatStatus status)
    {
        _ledger.ApplyOrReset(status);
        if (status.IsReset)
        {
            _steps = [];
            _failures = [];
        }
        else if (StepTable.Accepts(status))
        {
            var step = _ledger.SummaryOf(status.Step);
            var index = _steps.BinarySearch(step, ByStep);
            _steps = index >= 0 ? _steps.SetItem(index, step) : _steps.Insert(~index, step);
            if (status.State == StatusState.Failed)
            {
                // Like a FailureLog, the list keeps the newest failureLimit failures.
                _failures = _failures.Count == failureLimit ? _failures.RemoveAt(0).Add(status) : _failures.Add(status);
            }
        }

        return _ledger.ToSummary(endedAt: null, _steps, _failures);
    }
}
