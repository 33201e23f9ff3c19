using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The skeleton of a time-based operator over statuses: source notifications and timer callbacks run under one
/// gate; on completion or error whatever is waiting is delivered first (<see cref="FlushLocked"/>), then the
/// terminal signal; timers are released on termination and on disposal.
/// </summary>
/// <remarks>
/// Like Rx's own time-based operators (Sample, Buffer), it calls the downstream observer under its gate: that is
/// what serializes deliveries coming from the source and from timers. Its untimed counterpart is
/// <see cref="FoldSink{TOut}"/>.
/// </remarks>
internal abstract class GatedSink<TOut>(IObserver<TOut> observer) : IDisposable
{
    private readonly SingleAssignmentDisposable _upstream = new();

    protected Lock Gate { get; } = new();

    protected IObserver<TOut> Observer { get; } = observer;

    /// <summary>Set once the sink terminated or was disposed; read and written under <see cref="Gate"/>.</summary>
    protected bool Done { get; private set; }

    public IDisposable Run(IObservable<ChatStatus> source)
    {
        _upstream.Disposable = source.Subscribe(OnNext, error => Terminate(o => o.OnError(error)), () => Terminate(o => o.OnCompleted()));
        return this;
    }

    public void Dispose()
    {
        _upstream.Dispose();
        lock (Gate)
        {
            Done = true;
            ReleaseLocked();
        }
    }

    /// <summary>
    /// Schedules a timer whose <paramref name="actionLocked"/> runs under <see cref="Gate"/>, and only if the sink has
    /// not terminated by then (a timer already running cannot be cancelled by disposing it).
    /// </summary>
    protected IDisposable ScheduleLocked(IScheduler scheduler, TimeSpan dueTime, Action actionLocked) =>
        scheduler.Schedule(dueTime, () =>
        {
            lock (Gate)
            {
                if (!Done)
                {
                    actionLocked();
                }
            }
        });

    /// <summary>Handles a status; called under <see cref="Gate"/> and only before termination.</summary>
    protected abstract void OnNextLocked(ChatStatus status);

    /// <summary>Delivers everything waiting, in sequence order; called under <see cref="Gate"/>.</summary>
    protected abstract void FlushLocked();

    /// <summary>Releases timers and per-subscription state; called under <see cref="Gate"/>.</summary>
    protected abstract void ReleaseLocked();

    private void OnNext(ChatStatus status)
    {
        lock (Gate)
        {
            if (!Done)
            {
                OnNextLocked(status);
            }
        }
    }

    private void Terminate(Action<IObserver<TOut>> signal)
    {
        lock (Gate)
        {
            if (Done)
            {
                return;
            }

            FlushLocked();
            Done = true;
            ReleaseLocked();
            signal(Observer);
        }
    }
}
