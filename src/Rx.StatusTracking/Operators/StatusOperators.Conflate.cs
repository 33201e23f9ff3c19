using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking;

public static partial class StatusOperators
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
    /// everything waiting; on completion or error everything waiting is delivered first, in the order it arrived
    /// (sequence order, for a tracker's stream). Within a step the output keeps the input's order; across steps it
    /// need not, since each step's window is its own (a step's first status passes while another step's newest waits
    /// for its window), so a consumer that needs one global order should key by step or sort by
    /// <see cref="ChatStatus.Sequence"/>.
    /// </para>
    /// <code>
    /// window:  |-----|-----|
    /// source:  -a1-a2-a3----a4(C)--|      (a: step 1; C: Completed)
    /// output:  -a1---a3-----a4(C)--|
    /// </code>
    /// <para>
    /// Timers run on <paramref name="scheduler"/>; statuses are delivered one at a time, under the operator's lock.
    /// At most one status per step waits, so memory is bounded by the number of steps.
    /// </para>
    /// </remarks>
    /// <param name="source">The statuses.</param>
    /// <param name="window">The per-step window (more than zero).</param>
    /// <param name="scheduler">The clock and timers (a <c>TestScheduler</c> in tests).</param>
    /// <returns>The conflated statuses.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is zero or negative.</exception>
    public static IObservable<ChatStatus> Conflate(this IObservable<ChatStatus> source, TimeSpan window, IScheduler scheduler)
    {
        CheckWindowed(source, window, scheduler);
        return Observable.Create<ChatStatus>(observer => new ConflateSink(observer, window, scheduler).Run(source));
    }

    // The per-step windows and their timers; what waits, and the rule of what replaces what, is the shared buffer's.
    private sealed class ConflateSink(IObserver<ChatStatus> observer, TimeSpan window, IScheduler scheduler) : GatedSink<ChatStatus>(observer)
    {
        private readonly StepMap<Window> _windows = new();

        // Conflating at once: a step's newer status replaces its waiting one, an ending is never replaced.
        private readonly ConflatingBuffer<ChatStatus, int> _waiting = new(conflateAt: 0, hardBound: int.MaxValue);

        protected override void OnNextLocked(ChatStatus status)
        {
            if (status.IsReset)
            {
                FlushLocked();
                ReleaseLocked();
                Observer.OnNext(status);
                return;
            }

            // An update of the step waits, so its window is open and its timer will deliver whatever is newest.
            if (_waiting.TryReplace(status, status.Step, status))
            {
                return;
            }

            ref var entry = ref _windows.Find(status.Step, out var existed);
            var slot = existed ? entry : entry = new Window(status.Step);
            if (_waiting.TryTake(slot.Step, out var ending))
            {
                // What waits is an ending: never let a newer status (a retry) replace an ending nobody has seen.
                Observer.OnNext(ending);
            }
            else if (slot.Timer is not null)
            {
                // The window is open and its timer will deliver whatever is newest: no clock read needed.
                _waiting.Add(status, slot.Step, status);
                return;
            }

            var now = scheduler.Now;
            if (!slot.HasWindow || now >= slot.WindowEnd)
            {
                Emit(slot, status, now);
            }
            else
            {
                _waiting.Add(status, slot.Step, status);
                slot.Timer ??= scheduler.Schedule(slot, slot.WindowEnd, OnWindowEnd);
            }
        }

        protected override void FlushLocked()
        {
            while (_waiting.TryTake(out var waiting))
            {
                Observer.OnNext(waiting);
            }
        }

        // One timer per step at most, released with its window: memory stays bounded by the number of steps.
        protected override void ReleaseLocked()
        {
            foreach (var (_, slot) in _windows.Entries)
            {
                slot.Timer?.Dispose();
            }

            _windows.Clear();
            _waiting.Clear();
        }

        private IDisposable OnWindowEnd(IScheduler self, Window slot)
        {
            lock (Gate)
            {
                slot.Timer = null;
                if (!Done && _windows.TryGet(slot.Step, out var current) && current == slot && _waiting.TryTake(slot.Step, out var pending))
                {
                    Emit(slot, pending, self.Now);
                }
            }

            return Disposable.Empty;
        }

        private void Emit(Window slot, ChatStatus status, DateTimeOffset now)
        {
            slot.HasWindow = true;
            slot.WindowEnd = now + window;
            Observer.OnNext(status);
        }

        private sealed class Window(int step)
        {
            public int Step { get; } = step;

            public bool HasWindow { get; set; }

            public DateTimeOffset WindowEnd { get; set; }

            public IDisposable? Timer { get; set; }
        }
    }
}
