using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// The library's one single-drainer delivery queue. Producers on any thread enqueue; the producer whose enqueue finds
/// nothing queued and nothing being delivered claims the drain and delivers, outside its locks, every item queued
/// until none is left, in order. So user code (observers, callbacks) sees one call at a time, in the order producers
/// queued (under their lock, when they need an order across threads), and is never called under a lock: an observer
/// may take its own locks or produce more items without a deadlock.
/// </summary>
/// <typeparam name="T">The delivery type: a small struct or record saying what to deliver.</typeparam>
internal sealed class DeliveryQueue<T>
{
    // Created at the first item that has to wait: most owners (a tracker delivering on the reporting thread) never
    // queue anything, and an empty ConcurrentQueue takes about 2 KB, half of an idle tracker.
    private ConcurrentQueue<T>? _queue;

    // Queued items plus the one being delivered: non-zero while someone drains.
    private int _undelivered;

    /// <summary>How many items are queued or being delivered (for callers that bound what a stuck observer may hold up).</summary>
    public int Pending => Volatile.Read(ref _undelivered);

    /// <summary>Queues an item.</summary>
    /// <returns><see langword="true"/> when the caller claimed the drain and must call <see cref="Drain"/> once it holds no lock.</returns>
    public bool Enqueue(T item)
    {
        // The item is queued before it is counted, so a drainer that sees a non-zero count after its decrement
        // always finds the next item in the queue.
        (Volatile.Read(ref _queue) ?? CreateQueue()).Enqueue(item);
        return Interlocked.Increment(ref _undelivered) == 1;
    }

    /// <summary>
    /// Claims the drain, when nothing is queued or being delivered, for an item the caller then delivers itself without
    /// queueing it (it is next in order), before calling <see cref="ReleaseClaim"/>: the queue's cost is skipped on the hot path.
    /// </summary>
    /// <remarks>
    /// Only for owners whose every producer enqueues under one lock, which the caller holds: then a zero count cannot
    /// change under it (only producers start a drain, and no drainer runs), so a plain write claims it.
    /// </remarks>
    /// <returns><see langword="true"/> when claimed; otherwise the caller must <see cref="Enqueue"/>.</returns>
    public bool TryClaimIdleUnderLock()
    {
        if (_undelivered != 0)
        {
            return false;
        }

        _undelivered = 1;
        return true;
    }

    /// <summary>Delivers queued items until none is left; only for the caller whose <see cref="Enqueue"/> claimed the drain.</summary>
    public void Drain<TTarget>(TTarget target)
        where TTarget : IDeliveryTarget<T>
    {
        do
        {
            target.Deliver(Dequeue());
        }
        while (Interlocked.Decrement(ref _undelivered) != 0);
    }

    /// <summary>
    /// Ends a claim taken by <see cref="TryClaimIdleUnderLock"/> once the caller has delivered its item itself: delivers
    /// every item queued meanwhile, until none is left.
    /// </summary>
    public void ReleaseClaim<TTarget>(TTarget target)
        where TTarget : IDeliveryTarget<T>
    {
        while (Interlocked.Decrement(ref _undelivered) != 0)
        {
            target.Deliver(Dequeue());
        }
    }

    private ConcurrentQueue<T> CreateQueue()
    {
        Interlocked.CompareExchange(ref _queue, new ConcurrentQueue<T>(), null);
        return _queue;
    }

    // Only after an item was counted, so after the queue it went into was published.
    private T Dequeue()
    {
        var dequeued = _queue!.TryDequeue(out var item);
        Debug.Assert(dequeued, "A positive undelivered count implies a queued item.");
        return item!;
    }
}
