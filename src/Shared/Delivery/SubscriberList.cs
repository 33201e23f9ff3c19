namespace Rx.StatusTracking.Internal;

/// <summary>
/// The library's one subscriber registry: a copy-on-write array (delivery reads it without a lock, writers replace it
/// under a short lock of its own), with each subscriber's start position and replay, and the isolated delivery of an
/// item, a replay and a completion. An observer that throws is reported through the fault handler given to each
/// delivery and stays subscribed; the others still get the item.
/// </summary>
/// <remarks>Delivery calls must come from one thread at a time (a <see cref="DeliveryQueue{T}"/> drain, or the owner's lock).</remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class SubscriberList<T>
{
    private readonly Lock _gate = new();
    private Subscription<T>[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>The live subscribers (a snapshot).</summary>
    public Subscription<T>[] Snapshot => Volatile.Read(ref _subscribers);

    public void Add(Subscription<T> subscription)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }
    }

    public void Remove(Subscription<T> subscription)
    {
        lock (_gate)
        {
            _subscribers = CopyOnWrite.Without(_subscribers, subscription);
        }
    }

    /// <summary>Empties the list (the source completed) and returns who was in it, to be completed in order.</summary>
    public Subscription<T>[] TakeAll()
    {
        lock (_gate)
        {
            var all = _subscribers;
            _subscribers = [];
            return all;
        }
    }

    /// <summary>Delivers an item at <paramref name="position"/> to every live subscriber that started before it.</summary>
    /// <param name="item">The item.</param>
    /// <param name="position">Its position (e.g. sequence number); <see cref="long.MaxValue"/> when the source has none.</param>
    /// <param name="onFault">Told of each observer that threw (outside every lock); <see langword="null"/> ignores them.</param>
    public void DeliverNext(T item, long position, Action<Exception, T>? onFault)
    {
        // One protected region per item rather than per subscriber: when an observer throws, the fault is
        // reported and the loop resumes with the next one.
        var subscribers = Volatile.Read(ref _subscribers);
        var next = 0;
        while (next < subscribers.Length)
        {
            try
            {
                while (next < subscribers.Length)
                {
                    var subscription = subscribers[next++];
                    if (position > subscription.StartAfter && !subscription.IsDisposed)
                    {
                        subscription.Observer.OnNext(item);
                    }
                }
            }
            catch (Exception exception)
            {
                onFault?.Invoke(exception, item);
            }
        }
    }

    /// <summary>Delivers a subscription's replay, then its completion if it subscribed to a completed source.</summary>
    public static void DeliverReplay(Subscription<T> subscription, Action<Exception, T>? onFault, Action<Exception>? onCompletedFault)
    {
        var replay = subscription.Replay ?? [];
        subscription.Replay = null;
        foreach (var item in replay)
        {
            if (subscription.IsDisposed)
            {
                return;
            }

            try
            {
                subscription.Observer.OnNext(item);
            }
            catch (Exception exception)
            {
                onFault?.Invoke(exception, item);
            }
        }

        if (subscription.CompleteAfterReplay)
        {
            DeliverCompleted([subscription], onCompletedFault);
        }
    }

    /// <summary>Completes each subscription still live (those taken by <see cref="TakeAll"/>).</summary>
    public static void DeliverCompleted(Subscription<T>[] subscriptions, Action<Exception>? onFault)
    {
        foreach (var subscription in subscriptions)
        {
            if (subscription.IsDisposed)
            {
                continue;
            }

            try
            {
                subscription.Observer.OnCompleted();
            }
            catch (Exception exception)
            {
                onFault?.Invoke(exception);
            }
        }
    }
}
