using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>History views over a status stream.</summary>
public static class StatusHistoryExtensions
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
        return Observable.Defer(() =>
        {
            var history = new StatusRing(limit);
            return source.Select(status =>
            {
                if (status.IsReset)
                {
                    history.Clear();
                }
                else
                {
                    history.Add(status);
                }

                return (IReadOnlyList<ChatStatus>)history.ToArray();
            });
        });
    }
}
