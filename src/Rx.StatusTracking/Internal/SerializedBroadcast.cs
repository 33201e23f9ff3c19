using System.Collections.Concurrent;
using System.Reactive.Disposables;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// A hot broadcast that many threads may publish to at once while its observers see one call at a time
/// (the Rx grammar), without ever being called under a lock: items are queued and one thread at a time
/// drains the queue, as the tracker's delivery does. An observer that throws is isolated.
/// </summary>
internal sealed class SerializedBroadcast<T> : IObservable<T>
{
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<(T Item, bool Complete)> _queue = new();
    private IObserver<T>[] _observers = [];
    private int _undelivered;
    private bool _completed;

    public int ObserverCount => Volatile.Read(ref _observers).Length;

    /// <summary>How many items are queued or being delivered (for callers that bound what a stuck observer may hold up).</summary>
    public int Pending => Volatile.Read(ref _undelivered);

    /// <summary>Called (outside any lock) when an observer throws.</summary>
    public Action<Exception>? OnObserverFault { get; init; }

    public void Publish(T item)
    {
        if (Enqueue(item))
        {
            Drain();
        }
    }

    /// <summary>
    /// Queues an item without delivering it, so a caller can queue under its own lock (fixing the order of items
    /// published by racing threads) and deliver after releasing it.
    /// </summary>
    /// <returns><see langword="true"/> when the caller must call <see cref="Drain"/> once it holds no lock.</returns>
    public bool Enqueue(T item)
    {
        _queue.Enqueue((item, false));
        return Interlocked.Increment(ref _undelivered) == 1;
    }

    public void Complete()
    {
        if (EnqueueCompletion())
        {
            Drain();
        }
    }

    /// <summary>Queues the completion after the items queued so far, without delivering it (see <see cref="Enqueue"/>).</summary>
    /// <returns><see langword="true"/> when the caller must call <see cref="Drain"/> once it holds no lock.</returns>
    public bool EnqueueCompletion()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _completed = true;
        }

        _queue.Enqueue((default!, true));
        return Interlocked.Increment(ref _undelivered) == 1;
    }

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            if (!_completed)
            {
                _observers = [.. _observers, observer];
                return Disposable.Create(() => Remove(observer));
            }
        }

        observer.OnCompleted();
        return Disposable.Empty;
    }

    private void Remove(IObserver<T> observer)
    {
        lock (_gate)
        {
            _observers = CopyOnWrite.Without(_observers, observer);
        }
    }

    /// <summary>Delivers queued items until none are left; only for the caller whose <see cref="Enqueue"/> returned <see langword="true"/>.</summary>
    public void Drain()
    {
        do
        {
            _queue.TryDequeue(out var next);
            var observers = Volatile.Read(ref _observers);
            if (next.Complete)
            {
                lock (_gate)
                {
                    _observers = [];
                }
            }

            foreach (var observer in observers)
            {
                try
                {
                    if (next.Complete)
                    {
                        observer.OnCompleted();
                    }
                    else
                    {
                        observer.OnNext(next.Item);
                    }
                }
                catch (Exception exception)
                {
                    OnObserverFault?.Invoke(exception);
                }
            }
        }
        while (Interlocked.Decrement(ref _undelivered) != 0);
    }
}
