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
    /// Within a step the output keeps the input's order; across steps it need not, since each step's window is its
    /// own (a step's first status passes while another step's newest waits for its window), so a consumer that
    /// needs one global order should key by step or sort by <see cref="ChatStatus.Sequence"/>.
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

    private sealed class ConflateSink(IObserver<ChatStatus> observer, TimeSpan window, IScheduler scheduler) : GatedSink<ChatStatus>(observer)
    {
        private readonly StepMap<Slot> _slots = new();

        protected override void OnNextLocked(ChatStatus status)
        {
            if (status.IsReset)
            {
                FlushLocked();
                ReleaseLocked();
                Observer.OnNext(status);
                return;
            }

            ref var entry = ref _slots.Find(status.Step, out var existed);
            var slot = existed ? entry : entry = new Slot(status.Step);
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
                Observer.OnNext(ending);
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

        protected override void FlushLocked()
        {
            foreach (var pending in _slots.Entries.Select(e => e.Value.Pending).OfType<ChatStatus>().OrderBy(s => s.Sequence).ToList())
            {
                Observer.OnNext(pending);
            }

            foreach (var (_, slot) in _slots.Entries)
            {
                slot.Pending = null;
            }
        }

        // One timer per step at most, released with its slot: memory stays bounded by the number of steps.
        protected override void ReleaseLocked()
        {
            foreach (var (_, slot) in _slots.Entries)
            {
                slot.Timer?.Dispose();
            }

            _slots.Clear();
        }

        private IDisposable OnWindowEnd(IScheduler self, Slot slot)
        {
            lock (Gate)
            {
                slot.Timer = null;
                if (!Done && slot.Pending is { } pending && _slots.TryGet(slot.Step, out var current) && current == slot)
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
            Observer.OnNext(status);
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
