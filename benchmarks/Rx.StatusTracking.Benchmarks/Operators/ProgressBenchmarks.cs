using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Operators;

/// <summary>
/// <c>Progress()</c> per status against the same counting written by hand in a <c>Subscribe</c> (the anchor), both
/// producing the same <see cref="ProgressSnapshot"/> per status. 1,000 statuses: 100 steps, each Pending,
/// Executing, seven progress updates, Completed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ProgressBenchmarks
{
    private const int Steps = 100;
    private ChatStatus[] _input = [];
    private ProgressSnapshot? _lastSnapshot;

    [GlobalSetup]
    public void Setup()
    {
        var list = new List<ChatStatus>();
        var at = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        for (var step = 0; step < Steps; step++)
        {
            list.Add(new ChatStatus { Step = step, Description = "queued", State = StatusState.Pending, Timestamp = at = at.AddMilliseconds(1) });
            for (var update = 0; update < 8; update++)
            {
                list.Add(new ChatStatus { Step = step, Description = "running", State = StatusState.Executing, Timestamp = at = at.AddMilliseconds(1) });
            }

            list.Add(new ChatStatus { Step = step, Description = "done", State = StatusState.Completed, Timestamp = at = at.AddMilliseconds(1) });
        }

        _input = [.. list];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps * 10, Description = "Hand-written counting in Subscribe")]
    public double HandWritten()
    {
        using var source = new Subject<ChatStatus>();
        var states = new Dictionary<int, StatusState>();
        var counts = new int[4];
        DateTimeOffset? first = null;
        var percent = 0.0;
        using var subscription = source.Subscribe(s =>
        {
            if (states.TryGetValue(s.Step, out var old))
            {
                counts[(int)old]--;
            }

            states[s.Step] = s.State;
            counts[(int)s.State]++;
            first ??= s.Timestamp;
            var finished = counts[2] + counts[3];
            var snapshot = new ProgressSnapshot
            {
                Pending = counts[0],
                Executing = counts[1],
                Completed = counts[2],
                Failed = counts[3],
                Percent = Math.Min(100, 100.0 * finished / states.Count),
                Elapsed = s.Timestamp - first.Value,
            };
            // Handed on, as a consumer receives it (otherwise the JIT allocates it on the stack).
            _lastSnapshot = snapshot;
            percent = snapshot.Percent;
        });
        Push(source);
        return percent;
    }

    [Benchmark(OperationsPerInvoke = Steps * 10, Description = "Progress()")]
    public double Progress()
    {
        using var source = new Subject<ChatStatus>();
        var percent = 0.0;
        using var subscription = source.Progress().Subscribe(p =>
        {
            _lastSnapshot = p;
            percent = p.Percent;
        });
        Push(source);
        return percent;
    }

    private void Push(Subject<ChatStatus> source)
    {
        foreach (var status in _input)
        {
            source.OnNext(status);
        }
    }

    /// <summary>Keeps the last snapshot observable after a run.</summary>
    public ProgressSnapshot? LastSnapshot => _lastSnapshot;
}
