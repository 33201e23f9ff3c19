using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Internal;

public class DeliveryQueueTests
{
    private sealed class Recorder(DeliveryQueue<int> queue) : IDeliveryTarget<int>
    {
        public List<int> Delivered { get; } = [];

        public void Deliver(int item)
        {
            Delivered.Add(item);

            // A delivery that produces more: queued behind, never delivered re-entrantly.
            if (item < 3 && queue.Enqueue(item + 10))
            {
                throw new InvalidOperationException("A producer inside a drain must never claim a second drain.");
            }
        }
    }

    [Fact]
    public void The_claiming_producer_delivers_everything_in_order_including_what_deliveries_queue()
    {
        var queue = new DeliveryQueue<int>();
        var target = new Recorder(queue);

        Assert.True(queue.Enqueue(1));
        Assert.False(queue.Enqueue(2));
        Assert.Equal(2, queue.Pending);
        queue.Drain(target);

        Assert.Equal([1, 2, 11, 12], target.Delivered);
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public void A_direct_claim_is_refused_while_anything_is_queued_and_its_release_drains_what_came_meanwhile()
    {
        var queue = new DeliveryQueue<int>();
        var target = new Recorder(queue);

        Assert.True(queue.TryClaimIdleUnderLock());
        Assert.False(queue.TryClaimIdleUnderLock());
        Assert.False(queue.Enqueue(5)); // another producer, while the claimed item is being delivered
        target.Deliver(0);
        queue.ReleaseClaim(target);

        Assert.Equal([0, 5, 10], target.Delivered);
        Assert.True(queue.TryClaimIdleUnderLock());
    }

    [Fact]
    public void A_broadcast_isolates_a_throwing_observer_and_completes_after_what_was_queued()
    {
        var faults = new List<string>();
        var broadcast = new SerializedBroadcast<int> { OnObserverFault = e => faults.Add(e.Message) };
        var seen = new List<string>();
        using var throwing = broadcast.Subscribe(new AnonymousObserver(i => throw new InvalidOperationException($"bad {i}"), () => seen.Add("a done")));
        using var healthy = broadcast.Subscribe(new AnonymousObserver(i => seen.Add($"b {i}"), () => seen.Add("b done")));

        Assert.True(broadcast.Enqueue(1));
        Assert.False(broadcast.EnqueueCompletion());
        broadcast.Drain();
        broadcast.Publish(2); // after completion: nobody is left

        Assert.Equal(["b 1", "a done", "b done"], seen);
        Assert.Equal(["bad 1"], faults);
        Assert.Equal(0, broadcast.ObserverCount);
    }

    private sealed class AnonymousObserver(Action<int> onNext, Action onCompleted) : IObserver<int>
    {
        public void OnNext(int value) => onNext(value);

        public void OnError(Exception error) => throw error;

        public void OnCompleted() => onCompleted();
    }
}
