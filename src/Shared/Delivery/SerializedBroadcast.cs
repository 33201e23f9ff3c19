namespace Rx.StatusTracking.Internal;

/// <summary>
/// A hot broadcast that many threads may publish to at once while its observers see one call at a time (the Rx
/// grammar), never under a lock, an observer that throws isolated: a <see cref="DeliveryQueue{T}"/> in front of a
/// <see cref="SubscriberList{T}"/>, as the tracker's own delivery is.
/// </summary>
internal sealed class SerializedBroadcast<T> : IObservable<T>, IDeliveryTarget<SerializedBroadcast<T>.Delivery>
{
    private readonly Lock _gate = new();
    private readonly DeliveryQueue<Delivery> _queue = new();
    private readonly SubscriberList<T> _subscribers = new();
    private readonly Action<Exception, T> _onNextFault;
    private readonly Action<Exception> _onCompletedFault;
    private bool _completed;

    public SerializedBroadcast()
    {
        _onNextFault = (exception, _) => OnObserverFault?.Invoke(exception);
        _onCompletedFault = exception => OnObserverFault?.Invoke(exception);
    }

    public int ObserverCount => _subscribers.Count;

    /// <summary>How many items are queued or being delivered (for callers that bound what a stuck observer may hold up).</summary>
    public int Pending => _queue.Pending;

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
    public bool Enqueue(T item) => _queue.Enqueue(new Delivery(item, IsCompletion: false));

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

        // Taken when the completion is delivered, not now: items queued before it still reach every observer.
        return _queue.Enqueue(new Delivery(default!, IsCompletion: true));
    }

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            if (!_completed)
            {
                var subscription = new Subscription<T>(_subscribers, observer) { StartAfter = long.MinValue };
                _subscribers.Add(subscription);
                return subscription;
            }
        }

        observer.OnCompleted();
        return System.Reactive.Disposables.Disposable.Empty;
    }

    /// <summary>Delivers queued items until none are left; only for the caller whose <see cref="Enqueue"/> returned <see langword="true"/>.</summary>
    public void Drain() => _queue.Drain(this);

    void IDeliveryTarget<Delivery>.Deliver(Delivery delivery)
    {
        if (!delivery.IsCompletion)
        {
            _subscribers.DeliverNext(delivery.Item, long.MaxValue, _onNextFault);
        }
        else
        {
            SubscriberList<T>.DeliverCompleted(_subscribers.TakeAll(), _onCompletedFault);
        }
    }

    /// <summary>An item, or the completion.</summary>
    internal readonly record struct Delivery(T Item, bool IsCompletion);
}
