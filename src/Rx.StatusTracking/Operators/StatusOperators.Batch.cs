using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Batching of a status stream.
public static partial class StatusOperators
{
    /// <summary>
    /// Statuses in batches: a batch closes <paramref name="window"/> after its first status or when it holds
    /// <paramref name="maxCount"/> statuses, whichever comes first. Never an empty batch (unlike Rx time
    /// <c>Buffer</c>, which emits empty lists while nothing happens); what is waiting is flushed before
    /// <c>OnCompleted</c> or <c>OnError</c>.
    /// </summary>
    /// <remarks>
    /// <code>
    /// window:  |-----|      |-----|
    /// source:  -a-b-c-d-----e--------|      (maxCount 3)
    /// output:  -----[abc]-[d]---[e]--|
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="window">How long a batch stays open after its first status (more than zero).</param>
    /// <param name="maxCount">The most statuses in one batch (1 or more).</param>
    /// <param name="scheduler">The clock and timers (a <c>TestScheduler</c> in tests).</param>
    /// <returns>Non-empty batches in sequence order; each list is new and never changed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive or <paramref name="maxCount"/> is less than 1.</exception>
    public static IObservable<IReadOnlyList<ChatStatus>> BatchUpdates(this IObservable<ChatStatus> source, TimeSpan window, int maxCount, IScheduler scheduler)
    {
        CheckWindowed(source, window, scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return Observable.Create<IReadOnlyList<ChatStatus>>(observer => new BatchSink(observer, window, maxCount, scheduler).Run(source));
    }

    private sealed class BatchSink(IObserver<IReadOnlyList<ChatStatus>> observer, TimeSpan window, int maxCount, IScheduler scheduler)
        : GatedSink<IReadOnlyList<ChatStatus>>(observer)
    {
        private readonly List<ChatStatus> _batch = [];
        private long _batchNumber;

        protected override void OnNextLocked(ChatStatus status)
        {
            _batch.Add(status);
            if (_batch.Count >= maxCount)
            {
                FlushLocked();
            }
            else if (_batch.Count == 1)
            {
                var number = _batchNumber;
                SetTimerLocked(scheduler, window, () =>
                {
                    // A batch closed by count meanwhile must not close its successor early.
                    if (number == _batchNumber)
                    {
                        FlushLocked();
                    }
                });
            }
        }

        protected override void FlushLocked()
        {
            _batchNumber++;
            CancelTimerLocked();
            if (_batch.Count > 0)
            {
                IReadOnlyList<ChatStatus> full = _batch.ToArray();
                _batch.Clear();
                Observer.OnNext(full);
            }
        }
    }
}
