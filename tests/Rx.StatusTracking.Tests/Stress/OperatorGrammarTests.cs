using System.Reactive.Concurrency;
using Rx.StatusTracking.Tests.Support;

namespace Rx.StatusTracking.Tests.Stress;

/// <summary>
/// Every public operator, fed by eight producer threads at once (with real timers for the time-based ones), behind a
/// <see cref="GrammarObserver{T}"/>: OnNext* then exactly one OnCompleted, never two calls at once.
/// </summary>
[Collection(StressCollection.Name)]
public sealed class OperatorGrammarTests
{
    private const int Threads = 8;
    private const int ReportsPerThread = 1_000;

    public static TheoryData<string> Operators => [.. Queries.Keys];

    private static Dictionary<string, Func<IObservable<ChatStatus>, IObservable<object>>> Queries { get; } = new()
    {
        ["ToHistory"] = s => Box(s.ToHistory(50)),
        ["StepStates"] = s => Box(s.StepStates()),
        ["WhereFailed"] = s => Box(s.WhereFailed()),
        ["AggregateFailures"] = s => Box(s.AggregateFailures()),
        ["Progress"] = s => Box(s.Progress(Threads * 50)),
        ["StepDurations"] = s => Box(s.StepDurations()),
        ["Summarize"] = s => Box(s.Summarize()),
        ["RunningSummary"] = s => Box(s.RunningSummary()),
        ["Conflate"] = s => Box(s.Conflate(TimeSpan.FromMilliseconds(1), TaskPoolScheduler.Default)),
        ["ThrottleUpdates"] = s => Box(s.ThrottleUpdates(TimeSpan.FromMilliseconds(1), TaskPoolScheduler.Default)),
        ["BatchUpdates"] = s => Box(s.BatchUpdates(TimeSpan.FromMilliseconds(1), 64, TaskPoolScheduler.Default)),
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public async Task Under_concurrent_producers_every_operator_keeps_the_grammar(string name)
    {
        using var tracker = new ChatStatusTracker();
        var observer = new GrammarObserver<object>();
        var completed = new ManualResetEventSlim();
        using var subscription = Queries[name](tracker).Subscribe(
            value => observer.OnNext(value),
            error =>
            {
                observer.OnError(error);
                completed.Set();
            },
            () =>
            {
                observer.OnCompleted();
                completed.Set();
            });

        using var start = new Barrier(Threads);
        var producers = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                // 50 steps per thread, each failing and retrying.
                for (var i = 0; i < ReportsPerThread; i += 2)
                {
                    var step = (t * 50) + ((i / 2) % 50);
                    tracker.Executing(step, "running");
                    tracker.Failed(step, "failed, will retry");
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));
        tracker.Complete();

        Assert.True(completed.Wait(TimeSpan.FromSeconds(30)), $"{name} did not complete.");
        Assert.Empty(observer.Violations);
        Assert.Equal(1, observer.CompletedCount);
        Assert.Null(observer.Error);
        Assert.NotEmpty(observer.Values);
    }

    private static IObservable<object> Box<T>(IObservable<T> source) where T : class => source;
}
