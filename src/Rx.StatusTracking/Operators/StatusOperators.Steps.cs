using System.Collections.Immutable;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Per-step views over a status stream.
public static partial class StatusOperators
{
    /// <summary>
    /// After every status, the latest state of every step with its attempts and duration (as in
    /// <see cref="ExecutionSummary.Steps"/>). A reset marker forgets every step and emits an empty dictionary.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --1E----1C-------2E--|        (1E: step 1 Executing, 1C: Completed)
    /// output:  --{1:E}-{1:C}----{1:C,2:E}-|
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <returns>A stream of snapshots in step order; each is an immutable dictionary sharing structure with the one before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IObservable<IReadOnlyDictionary<int, StepSummary>> StepStates(this IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Observable.Create<IReadOnlyDictionary<int, StepSummary>>(observer => new StepStatesSink(observer).Run(source));
    }

    /// <summary>
    /// The step's summary each time a step reaches a terminal state (<see cref="StatusState.Completed"/> or
    /// <see cref="StatusState.Failed"/>): a step that fails, is retried and completes is reported twice.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --1E---1F---1E---1C--|
    /// output:  -------s1---------s1-|     (s1: StepSummary of step 1 with its duration and attempts)
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <returns>The summaries of finished steps.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IObservable<StepSummary> StepDurations(this IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Observable.Create<StepSummary>(observer => new StepDurationsSink(observer).Run(source));
    }

    private sealed class StepStatesSink(IObserver<IReadOnlyDictionary<int, StepSummary>> observer) : FoldSink<IReadOnlyDictionary<int, StepSummary>>(observer)
    {
        private readonly StepTable _table = new();
        private ImmutableSortedDictionary<int, StepSummary> _steps = ImmutableSortedDictionary<int, StepSummary>.Empty;

        protected override IReadOnlyDictionary<int, StepSummary> Apply(ChatStatus status)
        {
            _table.ApplyOrReset(status);

            // Only the changed step is replaced: snapshots share the rest, so a status costs O(log steps), not a copy of every step.
            if (status.IsReset)
            {
                _steps = ImmutableSortedDictionary<int, StepSummary>.Empty;
            }
            else if (StepTable.Accepts(status))
            {
                _steps = _steps.SetItem(status.Step, _table.SummaryOf(status.Step));
            }

            return _steps;
        }
    }

    private sealed class StepDurationsSink(IObserver<StepSummary> observer) : FoldSink<StepSummary>(observer)
    {
        private readonly StepTable _table = new();

        protected override StepSummary? Apply(ChatStatus status)
        {
            _table.ApplyOrReset(status);
            return status.IsTerminal && !status.IsReset ? _table.SummaryOf(status.Step) : null;
        }
    }
}
