using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;

namespace Rx.StatusTracking.Benchmarks.Tracking;

/// <summary>
/// One operation = <c>Executing</c> + <c>Completed</c> of a step on a tracker with one subscriber,
/// against a raw <see cref="Subject{T}"/> given the same two freshly allocated records, each stamped
/// with the current time as the tracker must (the baseline); and the <see cref="FloorTracker"/>, the least any tracker
/// with the library's delivery guarantees does (a stamp, a lock, a sequence, a bounded history, a claimed delivery).
/// </summary>
/// <remarks>
/// Completed is terminal, so the tracker moves to a new step every operation and resets every
/// <see cref="StepsPerReset"/> operations (a chat turn has a handful of steps); the reset's cost and
/// its marker record are amortized over those operations and included in the figures.
/// </remarks>
[MemoryDiagnoser]
public class TrackerReportBenchmarks
{
    private const int StepsPerReset = 1_000;
    private const string Running = "Running the web_search tool.";
    private const string Finished = "The web_search tool finished.";

    private readonly Subject<ChatStatus> _subject = new();
    private ChatStatusTracker _tracker = null!;
    private IDisposable _subjectSubscription = null!;
    private IDisposable _trackerSubscription = null!;
    private FloorTracker _floor = null!;
    private int _step;
    private long _seen;

    [GlobalSetup]
    public void Setup()
    {
        _tracker = new ChatStatusTracker();
        _subjectSubscription = _subject.Subscribe(s => _seen += s.Step);
        _trackerSubscription = _tracker.Subscribe(s => _seen += s.Step);
        _floor = new FloorTracker(s => _seen += s.Step);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subjectSubscription.Dispose();
        _trackerSubscription.Dispose();
        _tracker.Dispose();
        _subject.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Subject.OnNext x2 (fresh records, UtcNow)")]
    public void RawSubject()
    {
        var step = NextStep();
        _subject.OnNext(new ChatStatus { Step = step, Description = Running, State = StatusState.Executing, Timestamp = DateTimeOffset.UtcNow });
        _subject.OnNext(new ChatStatus { Step = step, Description = Finished, State = StatusState.Completed, Timestamp = DateTimeOffset.UtcNow });
    }

    [Benchmark(Description = "Floor: stamp, lock, sequence, history, claimed delivery x2")]
    public void Floor()
    {
        var step = NextStep();
        _floor.Report(step, Running, StatusState.Executing);
        _floor.Report(step, Finished, StatusState.Completed);
    }

    [Benchmark(Description = "Tracker Executing + Completed")]
    public void Tracker()
    {
        var step = NextStep();
        if (step == 0)
        {
            _tracker.Reset();
        }

        _tracker.Executing(step, Running);
        _tracker.Completed(step, Finished);
    }

    private int NextStep()
    {
        var step = _step;
        _step = step + 1 == StepsPerReset ? 0 : step + 1;
        return step;
    }
}
