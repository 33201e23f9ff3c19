using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

/// <summary>Per-step conflation of a status stream.</summary>
public static class StatusConflateExtensions
{
    /// <summary>
    /// At most one status per step per <paramref name="window"/>, always the newest, without ever losing an ending.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A step's first status passes at once and opens a window for that step; statuses of the step that arrive
    /// inside the window replace each other, and the newest is delivered when the window ends (which opens the
    /// next one). Rules that win over the window: a terminal status (<see cref="StatusState.Completed"/> or
    /// <see cref="StatusState.Failed"/>) waiting in a window is delivered before a newer status of its step
    /// replaces it, so a failure followed by a quick retry still shows; a reset marker passes at once, after
    /// everything waiting; on completion or error everything waiting is delivered first, in sequence order.
    /// </para>
    /// <code>
    /// window:  |-----|-----|
    /// source:  -a1-a2-a3----a4(C)--|      (a: step 1; C: Completed)
    /// output:  -a1---a3-----a4(C)--|
    /// </code>
    /// <para>Timers run on <paramref name="scheduler"/>; statuses are delivered one at a time, under the operator's lock.</para>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="window">The per-step window (more than zero).</param>
    /// <param name="scheduler">The clock and timers (a <c>TestScheduler</c> in tests).</param>
    /// <returns>The conflated statuses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is zero or negative.</exception>
    public static IObservable<ChatStatus> Conflate(this IObservable<ChatStatus> source, TimeSpan window, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return Observable.Create<ChatStatus>(observer => new ConflateSink(observer, window, scheduler).Run(source));
    }

    private sealed class ConflateSink(IObserver<ChatStatus> observer, TimeSpan window, IScheduler scheduler) : IDisposable
    {
        private readonly Lock _gate = new();
        private static readonly Func<int, Slot> NewSlot = static step => new Slot(step);
        private readonly StepMap<Slot> _slots = new();
        private readonly SingleAssignmentDisposable _upstream = new();
        private bool _done;

        public IDisposable Run(IObservable<ChatStatus> source)
        {
            _upstream.Disposable = source.Subscribe(OnNext, OnError, OnCompleted);
            return this;
        }

        public void Dispose()
        {
            _upstream.Dispose();
            lock (_gate)
            {
                _done = true;
                ClearSlotsLocked();
            }
        }

        // One timer per step at most, and it is released with its slot: memory stays bounded by the number of steps.
        private void ClearSlotsLocked()
        {
            foreach (var slot in _slots.Values)
            {
                slot.Timer?.Dispose();
            }

            _slots.Clear();
        }

        private void OnNext(ChatStatus status)
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                if (status.IsReset)
                {
                    FlushAllLocked();
                    ClearSlotsLocked();
                    observer.OnNext(status);
                    return;
                }

                var slot = _slots.GetOrAdd(status.Step, NewSlot);

                if (slot.Timer is not null && slot.Pending is not { IsTerminal: true })
                {
                    // The window is open and its timer will deliver whatever is newest: no clock read needed.
                    slot.Pending = status;
                    return;
                }

                if (slot.Pending is { IsTerminal: true } ending)
                {
                    // Never let a newer status (a retry) replace an ending nobody has seen.
                    slot.Pending = null;
                    observer.OnNext(ending);
                }

                var now = scheduler.Now;
                if (!slot.HasWindow || now >= slot.WindowEnd)
                {
                    Emit(slot, status, now);
                }
                else
                {
                    slot.Pending = status;
                    slot.Timer ??= scheduler.Schedule(slot, slot.WindowEnd, OnWindowEnd);
                }
            }
        }

        private IDisposable OnWindowEnd(IScheduler self, Slot slot)
        {
            lock (_gate)
            {
                slot.Timer = null;
                if (!_done && slot.Pending is { } pending && _slots.TryGet(slot.Step, out var current) && current == slot)
                {
                    slot.Pending = null;
                    Emit(slot, pending, self.Now);
                }
            }

            return Disposable.Empty;
        }

        private void Emit(Slot slot, ChatStatus status, DateTimeOffset now)
        {
            slot.HasWindow = true;
            slot.WindowEnd = now + window;
            observer.OnNext(status);
        }

        private void FlushAllLocked()
        {
            foreach (var pending in _slots.Values.Select(s => s.Pending).OfType<ChatStatus>().OrderBy(s => s.Sequence).ToList())
            {
                observer.OnNext(pending);
            }

            foreach (var slot in _slots.Values)
            {
                slot.Pending = null;
            }
        }

        private void OnError(Exception error)
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                FlushAllLocked();
                _done = true;
                ClearSlotsLocked();
                observer.OnError(error);
            }
        }

        private void OnCompleted()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                FlushAllLocked();
                _done = true;
                ClearSlotsLocked();
                observer.OnCompleted();
            }
        }

        private sealed class Slot(int step)
        {
            public int Step { get; } = step;

            public ChatStatus? Pending { get; set; }

            public bool HasWindow { get; set; }

            public DateTimeOffset WindowEnd { get; set; }

            public IDisposable? Timer { get; set; }
        }
    }
}
