using Xunit.Abstractions;

namespace Rx.StatusTracking.Tests.Hosting;

[Collection(MemoryCollection.Name)]
public class RetentionMemoryTests(ITestOutputHelper output)
{
    private const long Budget = 64L << 20;
    private const int Operations = 10_000;

    // A distinct 10 KB payload per operation and kind (a shared string would cost nothing to retain).
    private static string Payload(int operation, char kind) =>
        string.Create(10_000, (operation, kind), static (span, state) =>
        {
            span.Fill(state.kind);
            state.operation.TryFormat(span, out _);
        });

    [Fact]
    public void Ten_thousand_operations_with_10_KB_payloads_stay_within_the_budget_after_a_full_collection_with_exact_summaries()
    {
        var scheduler = new TestScheduler();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var hub = new StatusHub(new StatusHubOptions
        {
            Scheduler = scheduler,
            MaxRetainedBytes = Budget,
            MaxOperations = 2 * Operations,
            CompletedRetention = TimeSpan.FromHours(1),
        });
        var reports = new List<StatusTrackingError>();
        hub.Errors.Subscribe(reports.Add);
        var running = new List<(ChatStatusTracker Tracker, ChatStatus Failure, ChatStatus Last)>();
        for (var i = 0; i < Operations; i++)
        {
            var tracker = hub.Create($"op-{i}");
            tracker.Executing(1, "Searching the web.", Payload(i, 'q'));
            if (i % 100 == 0)
            {
                // One in a hundred keeps running, after a failure and a retry.
                var failure = tracker.Failed(1, "The search failed.", Payload(i, 'f'));
                running.Add((tracker, failure, tracker.Executing(1, "Retrying the search.", Payload(i, 'r'))));
                continue;
            }

            scheduler.AdvanceBy(1);
            tracker.Completed(1, "Search done.", Payload(i, 'd'));
            tracker.Complete();
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"retained {retained} bytes after a full collection ({retained / Operations} per operation); estimated {hub.RetainedBytes}; budget {Budget}");

        Assert.InRange(retained, 0, Budget);
        Assert.InRange(hub.RetainedBytes, 0, Budget);
        Assert.Equal(Operations, hub.Count);
        foreach (var (tracker, failure, last) in running)
        {
            Assert.Same(last, tracker.Current);
            Assert.Same(failure, Assert.Single(tracker.Failures));
            var summary = tracker.GetSummary();
            Assert.Equal((1, 1, 0, 0), (summary.TotalSteps, summary.ExecutingSteps, summary.CompletedSteps, summary.FailedSteps));
            Assert.Equal([new StepSummary(1, "Retrying the search.", StatusState.Executing, null, 2)], summary.Steps);
            Assert.Same(failure, Assert.Single(summary.Failures));
        }

        for (var i = 1; i < Operations; i++)
        {
            if (i % 100 == 0)
            {
                continue;
            }

            Assert.True(hub.TryGet($"op-{i}", out var tracker));
            var summary = tracker.GetSummary();
            Assert.Equal((1, 1, 0, 0), (summary.TotalSteps, summary.CompletedSteps, summary.ExecutingSteps, summary.FailedSteps));
            Assert.Equal([new StepSummary(1, "Search done.", StatusState.Completed, TimeSpan.FromTicks(1), 1)], summary.Steps);
            Assert.Equal(TimeSpan.FromTicks(1), summary.Duration);
            Assert.Empty(summary.Failures);
        }

        var shed = Assert.Single(reports);
        Assert.Equal(StatusTrackingErrorKind.RetentionShed, shed.Kind);
        Assert.StartsWith($"The hub retained more than its budget of {Budget} bytes: it dropped the histories of ", shed.Message);
        GC.KeepAlive(hub);
    }
}
