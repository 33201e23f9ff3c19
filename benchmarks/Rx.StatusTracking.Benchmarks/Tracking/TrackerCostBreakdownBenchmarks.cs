using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Tracking;

/// <summary>
/// Where the tracker's time goes, to read next to <see cref="TrackerReportBenchmarks"/>: the clock reads alone (the wall
/// clock, the monotonic timestamp, Rx's default scheduler), a <see cref="Subject{T}"/> given two fresh records without a
/// clock read, and the tracker on a virtual clock (no wall-clock read) and on the default scheduler.
/// </summary>
[MemoryDiagnoser]
public class TrackerCostBreakdownBenchmarks
{
    private readonly Subject<ChatStatus> _subject = new();
    private ChatStatusTracker _virtual = null!;
    private ChatStatusTracker _system = null!;
    private long _seen;
    private int _step;
    private static readonly DateTimeOffset Fixed = DateTimeOffset.UtcNow;

    [GlobalCleanup]
    public void Cleanup()
    {
        _virtual.Dispose();
        _system.Dispose();
        _subject.Dispose();
    }

    [GlobalSetup]
    public void Setup()
    {
        _subject.Subscribe(s => _seen += s.Step);
        _virtual = new ChatStatusTracker(options: new StatusTrackerOptions { Scheduler = new HistoricalScheduler() });
        _virtual.Subscribe(s => _seen += s.Step);
        _system = new ChatStatusTracker();
        _system.Subscribe(s => _seen += s.Step);
    }

    [Benchmark(Description = "DateTimeOffset.UtcNow")]
    public long UtcNow() => DateTimeOffset.UtcNow.UtcTicks;

    [Benchmark(Description = "Stopwatch.GetTimestamp")]
    public long MonotonicTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark(Description = "Scheduler.Default.Now")]
    public long RxDefaultNow() => Scheduler.Default.Now.UtcTicks;

    [Benchmark(Description = "Subject.OnNext x2, no clock read")]
    public void SubjectFixedTime()
    {
        var step = Next();
        _subject.OnNext(new ChatStatus { Step = step, Description = "a", State = StatusState.Executing, Timestamp = Fixed });
        _subject.OnNext(new ChatStatus { Step = step, Description = "b", State = StatusState.Completed, Timestamp = Fixed });
    }

    [Benchmark(Description = "Tracker Executing + Completed, virtual clock")]
    public void TrackerVirtualTime()
    {
        var step = Next();
        if (step == 0)
        {
            _virtual.Reset();
        }

        _virtual.Executing(step, "a");
        _virtual.Completed(step, "b");
    }

    [Benchmark(Description = "Tracker Executing + Completed, default scheduler")]
    public void TrackerSystemTime()
    {
        var step = Next();
        if (step == 0)
        {
            _system.Reset();
        }

        _system.Executing(step, "a");
        _system.Completed(step, "b");
    }

    private int Next()
    {
        var step = _step;
        _step = step + 1 == 1000 ? 0 : step + 1;
        return step;
    }
}
