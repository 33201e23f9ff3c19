using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Tracking;

public class ConcurrencyTests
{
    private const int Threads = 8;
    private const int ReportsPerThread = 10_000;
    private const int Total = Threads * ReportsPerThread;

    /// <summary>Each thread runs its own steps through Pending, Executing (twice) and Completed or Failed.</summary>
    private static void Produce(ChatStatusTracker tracker, int thread, Barrier start)
    {
        start.SignalAndWait();
        for (var i = 0; i < ReportsPerThread; i += 4)
        {
            var step = (thread * ReportsPerThread) + i;
            tracker.Pending(step, "queued");
            tracker.Executing(step, "running");
            tracker.Executing(step, "half way", data: 0.5);
            if (i % 8 == 0)
            {
                tracker.Completed(step, "done");
            }
            else
            {
                tracker.Failed(step, "failed");
            }
        }
    }

    private static void RunProducers(ChatStatusTracker tracker, Action? whileRunning = null)
    {
        using var start = new Barrier(Threads + 1);
        var producers = Enumerable.Range(0, Threads)
            .Select(t => Task.Factory.StartNew(() => Produce(tracker, t, start), TaskCreationOptions.LongRunning))
            .ToArray();
        start.SignalAndWait();
        whileRunning?.Invoke();
        Assert.True(Task.WaitAll(producers, TimeSpan.FromSeconds(120)), "Producers did not finish.");
    }

    [Fact]
    public void Eight_threads_of_reports_reach_two_subscribers_serialized_in_sequence_order()
    {
        using var tracker = new ChatStatusTracker(options: new() { Validation = StatusValidation.Strict });
        var first = new GrammarObserver<ChatStatus>();
        var second = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(first);
        tracker.Subscribe(second);

        RunProducers(tracker);
        tracker.Complete();

        foreach (var observer in new[] { first, second })
        {
            Assert.Empty(observer.Violations);
            Assert.Equal(1, observer.CompletedCount);
            Assert.Equal(Total, observer.Values.Count);
            Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), observer.Values.Select(s => s.Sequence));
            Assert.True(observer.Values.Zip(observer.Values.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "Timestamps ran backwards in sequence order.");
        }

        var summary = tracker.GetSummary();
        Assert.Equal(Total / 4, summary.TotalSteps);
        Assert.Equal(Total / 8, summary.CompletedSteps);
        Assert.Equal(Total / 8, summary.FailedSteps);
        Assert.Equal(Total, tracker.LastSequence);
    }

    [Fact]
    public void A_late_WithHistory_subscriber_sees_every_sequence_exactly_once()
    {
        using var tracker = new ChatStatusTracker(options: new() { HistoryLimit = Total });
        var late = new GrammarObserver<ChatStatus>();
        var midway = new ManualResetEventSlim();
        tracker.Subscribe(s =>
        {
            // Slow deliveries keep the delivery queue non-empty, so the late subscriber joins while
            // recorded statuses still wait to be delivered: those must come from its replay only.
            Thread.SpinWait(20);
            if (s.Sequence == Total / 3)
            {
                midway.Set();
            }
        });

        RunProducers(tracker, whileRunning: () =>
        {
            Assert.True(midway.Wait(TimeSpan.FromSeconds(60)));
            tracker.WithHistory().Subscribe(late);
        });
        tracker.Complete();

        Assert.Empty(late.Violations);
        Assert.Equal(1, late.CompletedCount);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), late.Values.Select(s => s.Sequence));
    }

    [Fact]
    public async Task Concurrent_resets_and_reports_keep_sequences_increasing_and_state_consistent()
    {
        using var tracker = new ChatStatusTracker();
        var observer = new GrammarObserver<ChatStatus>();
        tracker.Subscribe(observer);

        var resetter = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                tracker.Reset();
                Thread.Yield();
            }
        });
        RunProducers(tracker);
        await resetter.WaitAsync(TimeSpan.FromSeconds(60));

        var sequences = observer.Values.Select(s => s.Sequence).ToArray();
        Assert.Empty(observer.Violations);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Length, sequences.Distinct().Count());
        Assert.Equal(200, observer.Values.Count(s => s.IsReset));
        Assert.Equal(tracker.LastSequence, sequences[^1]);
        // What is retained is exactly what was recorded after the last reset.
        var afterLastReset = observer.Values.SkipWhile(s => !s.IsReset).Reverse().TakeWhile(s => !s.IsReset).Reverse().ToArray();
        Assert.Equal(afterLastReset.TakeLast(StatusTrackerOptions.DefaultHistoryLimit), tracker.History);
    }

    [Fact]
    public void Statuses_queued_behind_a_replay_reach_the_subscriber_before_its_completion_and_Completion_waits_for_them()
    {
        // The subscriber's replay holds the delivery while another thread reports and completes: those reports queue
        // behind it, Complete returns, and the subscriber must still get them, then OnCompleted; Completion waits for it.
        using var tracker = new ChatStatusTracker();
        tracker.Executing(1, "analyzing");
        var observer = new GrammarObserver<ChatStatus>();
        var completedWhileReplaying = true;
        using var subscription = tracker.WithHistory().Subscribe(
            status =>
            {
                if (status.Sequence == 1)
                {
                    Task.Run(() =>
                    {
                        tracker.Completed(1, "analyzed");
                        tracker.Executing(2, "answering");
                        tracker.Complete();
                    }).Wait(TimeSpan.FromSeconds(30));
                    completedWhileReplaying = tracker.Completion.IsCompleted;
                }

                observer.OnNext(status);
            },
            observer.OnCompleted);

        Assert.False(completedWhileReplaying);
        Assert.True(tracker.Completion.IsCompleted);
        Assert.Empty(observer.Violations);
        Assert.Equal([1L, 2, 3], observer.Values.Select(s => s.Sequence));
        Assert.Equal(1, observer.CompletedCount);
        Assert.Equal(0, tracker.SubscriberCount);
    }
}
