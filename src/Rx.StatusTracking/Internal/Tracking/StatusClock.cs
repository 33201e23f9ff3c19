using System.Diagnostics;
using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// Where a tracker's timestamps come from: its scheduler's <see cref="IScheduler.Now"/>, exactly, for every scheduler
/// except Rx's own system-clock schedulers (the default one, the thread pool, the task pool, new thread, immediate,
/// current thread). Those all read the wall clock, which costs more than the rest of recording a status; for them the
/// clock reads the monotonic timestamp and adds it to a wall-clock base read once and again every second, so stamps stay
/// within the wall clock's own drift over a second (microseconds). Virtual time (a <c>TestScheduler</c>) stays exact.
/// </summary>
internal sealed class StatusClock
{
    private static readonly long RebaseAfter = Stopwatch.Frequency;
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private readonly IScheduler _scheduler;
    private readonly bool _systemClock;
    private Base _base;

    public StatusClock(IScheduler scheduler)
    {
        _scheduler = scheduler;
        _systemClock = IsSystemClock(scheduler);
        _base = Base.Now();
    }

    public IScheduler Scheduler => _scheduler;

    public DateTimeOffset Now => _systemClock ? SystemNow() : _scheduler.Now;

    // The base is one immutable object, swapped whole, so racing readers never mix an old timestamp with a new time.
    private DateTimeOffset SystemNow()
    {
        var timestamp = Stopwatch.GetTimestamp();
        var current = Volatile.Read(ref _base);
        var elapsed = timestamp - current.Timestamp;
        if ((ulong)elapsed > (ulong)RebaseAfter)
        {
            current = Base.Now();
            Volatile.Write(ref _base, current);
            return new DateTimeOffset(current.UtcTicks, TimeSpan.Zero);
        }

        return new DateTimeOffset(current.UtcTicks + (long)(elapsed * TicksPerTimestamp), TimeSpan.Zero);
    }

    // Exact types: a subclass may override Now, and only these are known to read SystemClock.UtcNow.
    private static bool IsSystemClock(IScheduler scheduler)
    {
        var type = scheduler.GetType();
        return type == typeof(DefaultScheduler)
            || type == typeof(ThreadPoolScheduler)
            || type == typeof(TaskPoolScheduler)
            || type == typeof(NewThreadScheduler)
            || type == typeof(ImmediateScheduler)
            || type == typeof(CurrentThreadScheduler);
    }

    private sealed class Base(long timestamp, long utcTicks)
    {
        public long Timestamp { get; } = timestamp;

        public long UtcTicks { get; } = utcTicks;

        public static Base Now() => new(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.UtcTicks);
    }
}
