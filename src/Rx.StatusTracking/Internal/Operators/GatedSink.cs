using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The skeleton of a time-based operator over statuses: source notifications and timer callbacks run under one
/// gate; on completion or error whatever is waiting is delivered first (<see cref="FlushLocked"/>), then the
/// terminal signal; timers are released on termination and on disposal. Most operators need one timer at a time:
/// the sink's own (<see cref="SetTimerLocked"/>); an operator with more releases them in <see cref="ReleaseLocked"/>.
/// </summary>
/// <remarks>
/// Like Rx's own time-based operators (Sample, Buffer), it calls the downstream observer under its gate: that is
/// what serializes deliveries coming from the source and from timers. Its untimed counterpart is
/// <see cref="FoldSink{TOut}"/>.
/// </remarks>
internal abstract class GatedSink<TOut>(IObserver<TOut> observer) : IObserver<ChatStatus>, IDisposable
{
    private readonly SingleAssignmentDisposable _upstream = new();
    private readonly SerialDisposable _timer = new();

    protected Lock Gate { get; } = new();

    protected IObserver<TOut> Observer { get; } = observer;

    /// <summary>Set once the sink terminated or was disposed; read and written under <see cref="Gate"/>.</summary>
    protected bool Done { get; private set; }

    public IDisposable Run(IObservable<ChatStatus> source)
    {
        // The sink observes the source itself: no wrapper observer or delegate between a status and the gate.
        _upstream.Disposable = source.Subscribe(this);
        return this;
    }

    public void Dispose()
    {
        _upstream.Dispose();
        lock (Gate)
        {
            Done = true;
            ReleaseAllLocked();
        }
    }

    /// <summary>
    /// Replaces the sink's timer (cancelling the one before) with one that runs <paramref name="actionLocked"/> after
    /// <paramref name="dueTime"/>, under <see cref="Gate"/>, and only if the sink has not terminated by then (a timer
    /// already running cannot be cancelled by disposing it).
    /// </summary>
    protected void SetTimerLocked(IScheduler scheduler, TimeSpan dueTime, Action actionLocked) =>
        _timer.Disposable = scheduler.Schedule(dueTime, () =>
        {
            lock (Gate)
            {
                if (!Done)
                {
                    actionLocked();
                }
            }
        });

    /// <summary>Cancels the sink's timer, if one is waiting.</summary>
    protected void CancelTimerLocked() => _timer.Disposable = null;

    /// <summary>Handles a status; called under <see cref="Gate"/> and only before termination.</summary>
    protected abstract void OnNextLocked(ChatStatus status);

    /// <summary>Delivers everything waiting, in sequence order; called under <see cref="Gate"/>.</summary>
    protected abstract void FlushLocked();

    /// <summary>
    /// Releases per-subscription state and the timers the operator keeps itself; called under <see cref="Gate"/>. The
    /// sink's own timer is released by the base.
    /// </summary>
    protected virtual void ReleaseLocked()
    {
    }

    void IObserver<ChatStatus>.OnNext(ChatStatus status)
    {
        lock (Gate)
        {
            if (!Done)
            {
                OnNextLocked(status);
            }
        }
    }

    void IObserver<ChatStatus>.OnError(Exception error) => Terminate(error);

    void IObserver<ChatStatus>.OnCompleted() => Terminate(error: null);

    private void Terminate(Exception? error)
    {
        lock (Gate)
        {
            if (Done)
            {
                return;
            }

            FlushLocked();
            Done = true;
            ReleaseAllLocked();
            if (error is null)
            {
                Observer.OnCompleted();
            }
            else
            {
                Observer.OnError(error);
            }
        }
    }

    private void ReleaseAllLocked()
    {
        _timer.Dispose();
        ReleaseLocked();
    }
}
