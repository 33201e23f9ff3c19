using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Operators;

/// <summary>
/// <c>Conflate</c> over 1,000,000 statuses across 100 steps against a hand-written <c>Subscribe</c> that keeps the
/// newest status per step in a <see cref="Dictionary{TKey, TValue}"/> (the anchor). Virtual time does not move
/// during the burst, so both end up delivering the newest status of each step at completion. A second hand-written row
/// takes a lock around each update, as any operator whose timers run on another thread must: the floor of a thread-safe
/// conflation, to read the operator's ratio against.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ConflateBenchmarks
{
    private const int Statuses = 1_000_000;
    private const int Steps = 100;
    private ChatStatus[] _input = [];

    [GlobalSetup]
    public void Setup() =>
        _input = [.. Enumerable.Range(0, Statuses).Select(i => new ChatStatus { Step = i % Steps, Description = "progress", State = StatusState.Executing, Sequence = i + 1 })];

    [Benchmark(Baseline = true, Description = "Hand-written newest-per-step Dictionary")]
    public int HandWritten()
    {
        using var source = new Subject<ChatStatus>();
        var delivered = 0;
        var newest = new Dictionary<int, ChatStatus>();
        using var subscription = source.Subscribe(
            s => newest[s.Step] = s,
            () =>
            {
                foreach (var status in newest.Values.OrderBy(s => s.Sequence))
                {
                    delivered += status.Step >= 0 ? 1 : 0;
                }
            });
        Push(source);
        return delivered;
    }

    [Benchmark(Description = "Hand-written newest-per-step Dictionary, under a lock")]
    public int HandWrittenLocked()
    {
        using var source = new Subject<ChatStatus>();
        var gate = new Lock();
        var delivered = 0;
        var newest = new Dictionary<int, ChatStatus>();
        using var subscription = source.Subscribe(
            s =>
            {
                lock (gate)
                {
                    newest[s.Step] = s;
                }
            },
            () =>
            {
                lock (gate)
                {
                    foreach (var status in newest.Values.OrderBy(s => s.Sequence))
                    {
                        delivered += status.Step >= 0 ? 1 : 0;
                    }
                }
            });
        Push(source);
        return delivered;
    }

    [Benchmark(Description = "Conflate(window, scheduler)")]
    public int Conflate()
    {
        using var source = new Subject<ChatStatus>();
        var delivered = 0;
        using var subscription = source.Conflate(TimeSpan.FromMilliseconds(100), new HistoricalScheduler()).Subscribe(_ => delivered++);
        Push(source);
        return delivered;
    }

    private void Push(Subject<ChatStatus> source)
    {
        foreach (var status in _input)
        {
            source.OnNext(status);
        }

        source.OnCompleted();
    }
}
