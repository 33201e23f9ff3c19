using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// History views over a status stream.
public static partial class StatusOperators
{
    /// <summary>
    /// After every status, the latest <paramref name="limit"/> statuses, oldest first. A reset marker
    /// (<see cref="ChatStatus.IsReset"/>) empties the history and emits the empty list.
    /// </summary>
    /// <remarks>
    /// <code>
    /// source:  --a----b----c----R----d--|     (R: reset marker; limit 2)
    /// output:  --[a]--[ab]-[bc]-[]---[d]-|
    /// </code>
    /// Each subscription keeps its own history.
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="limit">How many statuses to keep (1 or more).</param>
    /// <returns>A stream of snapshots; each is a new list the operator never changes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    public static IObservable<IReadOnlyList<ChatStatus>> ToHistory(this IObservable<ChatStatus> source, int limit)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Observable.Create<IReadOnlyList<ChatStatus>>(observer => new HistorySink(observer, limit).Run(source));
    }

    private sealed class HistorySink(IObserver<IReadOnlyList<ChatStatus>> observer, int limit) : FoldSink<IReadOnlyList<ChatStatus>>(observer)
    {
        private readonly StatusRing _history = new(limit);

        protected override IReadOnlyList<ChatStatus> Apply(ChatStatus status)
        {
            if (status.IsReset)
            {
                _history.Clear();
            }
            else
            {
                _history.Add(status);
            }

            return _history.ToArray();
        }
    }
}
