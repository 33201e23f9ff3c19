using static Rx.StatusTracking.Tests.Support.Trackers;

namespace Rx.StatusTracking.Tests.Tracking;

public class CompletionTests
{
    [Fact]
    public void Completion_completes_once_the_tracker_completes_after_its_subscribers_were_told()
    {
        var scheduler = new TestScheduler();
        using var tracker = OnTestScheduler(scheduler);
        var seen = new List<string>();
        tracker.Subscribe(_ => { }, () => seen.Add("subscriber completed"));
        tracker.Completion.ContinueWith(_ => seen.Add("completion"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        tracker.Executing(1, "Running.");
        Assert.False(tracker.Completion.IsCompleted);

        tracker.Complete();
        tracker.Complete();

        Assert.Equal(TaskStatus.RanToCompletion, tracker.Completion.Status);
        Assert.Equal(["subscriber completed", "completion"], seen);
    }

    [Fact]
    public void Disposing_completes_it_too()
    {
        var tracker = new ChatStatusTracker();

        tracker.Dispose();

        Assert.Equal(TaskStatus.RanToCompletion, tracker.Completion.Status);
    }
}
