using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Failure views over a status stream.
public static partial class StatusOperators
{
    /// <summary>Only the <see cref="StatusState.Failed"/> statuses (reset markers are not failures).</summary>
    /// <remarks>
    /// Not named <c>Failures()</c>: <see cref="ChatStatusTracker.Failures"/> would hide it on a tracker.
    /// <code>
    /// source:  --1E--1F--1E--2F--|
    /// output:  ------1F------2F--|
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <returns>The failed statuses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IObservable<ChatStatus> WhereFailed(this IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Where(static status => status.State == StatusState.Failed && !status.IsReset);
    }

    /// <summary>
    /// A <see cref="FailureReport"/> after every status that changes it: each failure, and each later status of a
    /// step that is failing (a retry takes the step out of <see cref="FailureReport.StepsStillFailing"/>). A reset
    /// marker emits <see cref="FailureReport.Empty"/>.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --1E--1F--2E--1E--2C--|
    /// output:  ------r1------r2------|    (r1: 1 failure, step 1 still failing; r2: step 1 retried)
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <returns>Failure reports; each is a new immutable snapshot, sharing structure with the one before, so a report costs O(log n) in the failures so far.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IObservable<FailureReport> AggregateFailures(this IObservable<ChatStatus> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Observable.Create<FailureReport>(observer => new FailureSink(observer).Run(source));
    }

    private sealed class FailureSink(IObserver<FailureReport> observer) : FoldSink<FailureReport>(observer)
    {
        private readonly FailureAggregate _aggregate = new();

        protected override FailureReport? Apply(ChatStatus status) => _aggregate.Apply(status);
    }
}
