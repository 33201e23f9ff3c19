using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

// Rate limiting of a status stream that keeps the newest status and every ending.
public static partial class StatusOperators
{
    /// <summary>
    /// The newest status at most once per <paramref name="window"/>, with the final status always delivered and
    /// no ending ever dropped.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Unlike Rx <c>Throttle</c>, which is a debounce (it waits for a quiet period, so a steady stream of updates
    /// emits nothing until it stops), this emits the first status at once and then, at the end of each window in
    /// which anything arrived, the newest status. Terminal statuses (<see cref="StatusState.Completed"/>,
    /// <see cref="StatusState.Failed"/>) and reset markers that arrived inside the window are delivered too, in
    /// sequence order, so a window may yield more than one status but never loses an ending. Unlike Rx
    /// <c>Sample</c>, completion does not wait for the next tick: what is waiting is delivered, then
    /// <c>OnCompleted</c> (or <c>OnError</c>).
    /// </para>
    /// <code>
    /// window:  |-----|-----|-----|
    /// source:  -a-b-c-d-e-f-g|
    /// output:  -a----c-----f-(g|)
    /// </code>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="window">The window (more than zero).</param>
    /// <param name="scheduler">The clock and timers (a <c>TestScheduler</c> in tests).</param>
    /// <returns>The throttled statuses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is zero or negative.</exception>
    public static IObservable<ChatStatus> ThrottleUpdates(this IObservable<ChatStatus> source, TimeSpan window, IScheduler scheduler)
    {
        CheckWindowed(source, window, scheduler);
        return Observable.Create<ChatStatus>(observer => new ThrottleSink(observer, window, scheduler).Run(source));
    }

    private sealed class ThrottleSink(IObserver<ChatStatus> observer, TimeSpan window, IScheduler scheduler) : GatedSink<ChatStatus>(observer)
    {
        private readonly List<ChatStatus> _endings = [];
        private ChatStatus? _newest;
        private bool _windowOpen;

        protected override void OnNextLocked(ChatStatus status)
        {
            if (!_windowOpen)
            {
                _windowOpen = true;
                Observer.OnNext(status);
                OpenWindowLocked();
            }
            else if (status.IsTerminal || status.IsReset)
            {
                // Anything older than an ending is no longer the newest: only the ending must survive.
                _endings.Add(status);
                _newest = null;
            }
            else
            {
                _newest = status;
            }
        }

        protected override void FlushLocked()
        {
            foreach (var ending in _endings)
            {
                Observer.OnNext(ending);
            }

            if (_newest is not null)
            {
                Observer.OnNext(_newest);
            }

            _endings.Clear();
            _newest = null;
        }

        private void OpenWindowLocked() => SetTimerLocked(scheduler, window, OnWindowEndLocked);

        private void OnWindowEndLocked()
        {
            if (_endings.Count == 0 && _newest is null)
            {
                _windowOpen = false;
                return;
            }

            FlushLocked();
            OpenWindowLocked();
        }
    }
}
