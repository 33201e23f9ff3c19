using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Summaries over a status stream.
public static partial class StatusOperators
{
    /// <summary>
    /// One <see cref="ExecutionSummary"/> when the source completes, with the same figures
    /// <see cref="ChatStatusTracker.GetSummary"/> gives for the same statuses. With the tracker's scheduler the
    /// duration ends at completion, as the tracker's does; without one it ends at the last status. Statuses
    /// before a reset marker are forgotten. An error is passed on without a summary.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --a--b--c--|
    /// output:  -----------(s|)
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="scheduler">The clock that stamps the completion; <see langword="null"/> ends the duration at the last status.</param>
    /// <param name="failureLimit">How many failures the summary keeps, like <see cref="StatusTrackerOptions.HistoryLimit"/>.</param>
    /// <returns>A stream of exactly one summary, then completion.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failureLimit"/> is less than 1.</exception>
    public static IObservable<ExecutionSummary> Summarize(this IObservable<ChatStatus> source, IScheduler? scheduler = null, int failureLimit = StatusTrackerOptions.DefaultHistoryLimit)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(failureLimit, 1);
        return Observable.Create<ExecutionSummary>(observer => new SummarizeSink(observer, scheduler, failureLimit).Run(source));
    }

    /// <summary>The summary after every status; a reset marker yields <see cref="ExecutionSummary.Empty"/>.</summary>
    /// <remarks>
    /// <code>
    /// source:  --a---b---R---c--|
    /// output:  --s1--s2--E---s3-|     (E: ExecutionSummary.Empty)
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="failureLimit">How many failures each summary keeps.</param>
    /// <returns>A summary per status; its step and failure lists are immutable and shared with the summary before, so a status costs O(log n), not a copy of every step.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failureLimit"/> is less than 1.</exception>
    public static IObservable<ExecutionSummary> RunningSummary(this IObservable<ChatStatus> source, int failureLimit = StatusTrackerOptions.DefaultHistoryLimit)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(failureLimit, 1);
        return Observable.Create<ExecutionSummary>(observer => new RunningSummarySink(observer, failureLimit).Run(source));
    }

    private sealed class SummarizeSink(IObserver<ExecutionSummary> observer, IScheduler? scheduler, int failureLimit) : FoldSink<ExecutionSummary>(observer)
    {
        private readonly SummaryFold _summary = new(failureLimit);

        protected override ExecutionSummary? Apply(ChatStatus status)
        {
            _summary.Apply(status);
            return null;
        }

        protected override ExecutionSummary Complete() => _summary.ToSummary(EndedAt());

        // The completion's time, never before the last status; none without a clock or without statuses.
        private DateTimeOffset? EndedAt()
        {
            var steps = _summary.Steps;
            if (scheduler is null || steps.First is null)
            {
                return null;
            }

            var now = scheduler.Now;
            return now < steps.Last ? steps.Last : now;
        }
    }

    private sealed class RunningSummarySink(IObserver<ExecutionSummary> observer, int failureLimit) : FoldSink<ExecutionSummary>(observer)
    {
        private readonly RunningSummaryBuilder _summaries = new(failureLimit);

        protected override ExecutionSummary Apply(ChatStatus status) => _summaries.Apply(status);
    }
}
