using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Xunit.Abstractions;

namespace Rx.StatusTracking.Tests.Stress;

[Collection(StressCollection.Name)]
public sealed class FloodMemoryTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Ten_million_reports_through_a_conflated_subscriber_keep_managed_memory_flat()
    {
        var scheduler = new TestScheduler();
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = scheduler });
        var delivered = 0L;
        using var conflated = tracker.Conflate(TimeSpan.FromTicks(100), scheduler).Subscribe(_ => delivered++);
        long afterFirstMillion = 0;

        for (var i = 1; i <= 10_000_000; i++)
        {
            var step = i % 50;
            if (i % 7 == 0)
            {
                tracker.Failed(step, "failed, will retry");
            }
            else
            {
                tracker.Executing(step, "working");
            }

            if (i % 1_000 == 0)
            {
                scheduler.AdvanceBy(100);
            }

            if (i == 1_000_000)
            {
                afterFirstMillion = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var afterLast = GC.GetTotalMemory(forceFullCollection: true);
        var growth = afterLast - afterFirstMillion;
        output.WriteLine($"managed memory after 1M: {afterFirstMillion / (double)MiB:F1} MiB, after 10M: {afterLast / (double)MiB:F1} MiB, growth {growth / (double)MiB:F2} MiB; {delivered:N0} delivered");

        // The bound: the history (1,000), the retained failures (1,000), 50 steps and the conflation slots are all
        // fixed in size, so nine more million reports may not add more than 2 MiB.
        Assert.InRange(growth, long.MinValue, 2 * MiB);
        Assert.Equal(10_000_000, tracker.LastSequence);
        // Every failure is an ending and passes; the rest is at most one status per step per window.
        const long failures = 10_000_000 / 7;
        Assert.InRange(delivered, failures, failures + ((10_000_000 / 1_000) * 50) + 50);
    }

    [Fact]
    public void A_subscriber_that_blocks_behind_Conflate_and_ObserveOn_holds_memory_within_a_bound()
    {
        using var tracker = new ChatStatusTracker(options: new StatusTrackerOptions { HistoryLimit = 1_000 });
        using var loop = new EventLoopScheduler();
        using var release = new ManualResetEventSlim();
        var seen = 0;
        using var slow = tracker
            .Conflate(TimeSpan.FromMilliseconds(50), TaskPoolScheduler.Default)
            .ObserveOn(loop)
            .Subscribe(_ =>
            {
                // The first delivery blocks until the flood is over.
                release.Wait(TimeSpan.FromSeconds(60));
                Interlocked.Increment(ref seen);
            });

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 2_000_000; i++)
        {
            tracker.Executing(i % 50, "working");
        }

        var during = GC.GetTotalMemory(forceFullCollection: true);
        release.Set();
        tracker.Complete();
        var growth = during - before;
        output.WriteLine($"2,000,000 reports while the subscriber was blocked: managed memory grew {growth / (double)MiB:F2} MiB");

        // Conflate lets through at most one status per step per 50 ms window: what queues in ObserveOn grows with
        // time, not with reports (2 million unconflated statuses would hold over 200 MiB).
        Assert.InRange(growth, long.MinValue, 8 * MiB);
    }
}
