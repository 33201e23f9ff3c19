using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace Rx.StatusTracking;

/// <summary>Batching of a status stream.</summary>
public static class StatusBatchExtensions
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
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return Observable.Create<IReadOnlyList<ChatStatus>>(observer =>
        {
            var gate = new Lock();
            var batch = new List<ChatStatus>();
            var batchNumber = 0L;
            var done = false;
            var timer = new SerialDisposable();

            void EmitLocked()
            {
                batchNumber++;
                timer.Disposable = null;
                if (batch.Count > 0)
                {
                    IReadOnlyList<ChatStatus> full = batch.ToArray();
                    batch.Clear();
                    observer.OnNext(full);
                }
            }

            void Terminate(Action signal)
            {
                lock (gate)
                {
                    if (done)
                    {
                        return;
                    }

                    done = true;
                    EmitLocked();
                    timer.Dispose();
                    signal();
                }
            }

            var upstream = source.Subscribe(
                status =>
                {
                    lock (gate)
                    {
                        if (done)
                        {
                            return;
                        }

                        batch.Add(status);
                        if (batch.Count >= maxCount)
                        {
                            EmitLocked();
                        }
                        else if (batch.Count == 1)
                        {
                            var number = batchNumber;
                            timer.Disposable = scheduler.Schedule(window, () =>
                            {
                                lock (gate)
                                {
                                    // A batch closed by count meanwhile must not close its successor early.
                                    if (!done && number == batchNumber)
                                    {
                                        EmitLocked();
                                    }
                                }
                            });
                        }
                    }
                },
                error => Terminate(() => observer.OnError(error)),
                () => Terminate(observer.OnCompleted));

            return new CompositeDisposable(upstream, timer);
        });
    }
}
