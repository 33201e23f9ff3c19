using System.Runtime.CompilerServices;

namespace Rx.StatusTracking.Tests.Operators;

public class SubscribeWeakTests
{
    private sealed class View
    {
        public List<string> Seen { get; } = [];
    }

    [Fact]
    public void The_subscription_disposes_itself_once_the_target_is_collected()
    {
        using var tracker = new ChatStatusTracker();
        var (subscription, alive) = SubscribeAView(tracker);
        tracker.Pending(1, "seen while the view lives");
        Assert.Equal(1, tracker.SubscriberCount);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(alive.TryGetTarget(out _), "The subscription kept its target alive.");

        tracker.Executing(1, "the first status after the view is gone");
        Assert.Equal(0, tracker.SubscriberCount);
        subscription.Dispose();
    }

    [Fact]
    public void A_live_target_gets_every_status_and_completion()
    {
        using var tracker = new ChatStatusTracker();
        var view = new View();
        var completed = false;
        using var subscription = tracker.SubscribeWeak(view, static (v, s) => v.Seen.Add(s.Description), v => completed = v.Seen.Count == 2);

        tracker.Pending(1, "a");
        tracker.Executing(1, "b");
        tracker.Complete();

        Assert.Equal(["a", "b"], view.Seen);
        Assert.True(completed);
        GC.KeepAlive(view);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var tracker = new ChatStatusTracker();
        Assert.Throws<ArgumentNullException>("target", () => tracker.SubscribeWeak<ChatStatus, View>(null!, static (_, _) => { }));
        Assert.Throws<ArgumentNullException>("onNext", () => tracker.SubscribeWeak<ChatStatus, View>(new View(), null!));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IDisposable Subscription, WeakReference<View> Alive) SubscribeAView(ChatStatusTracker tracker)
    {
        var view = new View();
        var subscription = tracker.SubscribeWeak(view, static (v, s) => v.Seen.Add(s.Description));
        return (subscription, new WeakReference<View>(view));
    }
}
