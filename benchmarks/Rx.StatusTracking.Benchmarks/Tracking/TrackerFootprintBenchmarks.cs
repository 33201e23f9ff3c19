using System.Reactive.Concurrency;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Tracking;

/// <summary>
/// What an operation costs in memory (the Allocated column): an idle tracker, and a hub operation through a one-step
/// turn to its completion, without and with a memory budget (which weighs each status). A server holding 10,000
/// operations pays these per operation.
/// </summary>
[MemoryDiagnoser]
public class TrackerFootprintBenchmarks
{
    private readonly HistoricalScheduler _clock = new();
    private StatusHub _hub = null!;
    private StatusHub _budgeted = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        // Completed operations are evicted a tick later, as a timer would, so the hubs stay small.
        _hub = new StatusHub(new StatusHubOptions { Scheduler = _clock, CompletedRetention = TimeSpan.FromTicks(1) });
        _budgeted = new StatusHub(new StatusHubOptions { Scheduler = _clock, CompletedRetention = TimeSpan.FromTicks(1), MaxRetainedBytes = 1L << 30 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hub.Dispose();
        _budgeted.Dispose();
    }

    [Benchmark(Baseline = true, Description = "new ChatStatusTracker()")]
    public ChatStatusTracker IdleTracker() => new();

    [Benchmark(Description = "hub: Create, Executing, Completed, Complete")]
    public ChatStatusTracker HubTurn() => Turn(_hub);

    [Benchmark(Description = "hub with a budget: the same turn")]
    public ChatStatusTracker BudgetedHubTurn() => Turn(_budgeted);

    private ChatStatusTracker Turn(StatusHub hub)
    {
        var tracker = hub.Create($"op-{++_next}");
        tracker.Executing(1, "Searching the web.");
        tracker.Completed(1, "Search done.");
        tracker.Complete();
        _clock.AdvanceBy(TimeSpan.FromTicks(1));
        return tracker;
    }
}
