using System.Diagnostics;
using System.Reactive.Concurrency;

namespace Rx.StatusTracking.Internal;

/// <summary>
/// Where a tracker's timestamps come from: its scheduler's <see cref="IScheduler.Now"/>, exactly, for every scheduler
/// except Rx's own system-clock schedulers (the default one, the thread pool, the task pool, new thread, immediate,
/// current thread). Those all read the wall clock through Rx's <c>SystemClock</c> (a lazily created service and an
/// interface call per read); for them the clock reads the wall clock itself, the cheapest way the platform has: on
/// Windows, the monotonic timestamp (QueryPerformanceCounter) added to a wall-clock base read once and again every
/// second, since the precise system time reads that counter and converts it on every call; elsewhere the wall clock
/// directly, since there both are one <c>clock_gettime</c> call and the conversion would only add to it (measured on
/// Linux: 33 ns for either read, 43 ns for timestamp plus base). Virtual time (a <c>TestScheduler</c>) stays exact.
/// </summary>
internal sealed class StatusClock
{
    private static readonly bool PlatformPrefersMonotonicBase = OperatingSystem.IsWindows();
    private static readonly long RebaseAfter = Stopwatch.Frequency;
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private readonly IScheduler _scheduler;
    private readonly bool _systemClock;
    private readonly bool _monotonicBase;
    private Base _base;

    /// <summary>Creates the clock of a tracker on <paramref name="scheduler"/>.</summary>
    /// <param name="scheduler">The tracker's scheduler.</param>
    /// <param name="monotonicBase">Whether a system clock reads timestamp plus base; <see langword="null"/>: as the platform prefers (tests try both).</param>
    public StatusClock(IScheduler scheduler, bool? monotonicBase = null)
    {
        _scheduler = scheduler;
        _systemClock = IsSystemClock(scheduler);
        _monotonicBase = monotonicBase ?? PlatformPrefersMonotonicBase;
        _base = Base.Now();
    }

    public IScheduler Scheduler => _scheduler;

    public DateTimeOffset Now => _systemClock ? SystemNow() : _scheduler.Now;

    private DateTimeOffset SystemNow() => _monotonicBase ? MonotonicNow() : DateTimeOffset.UtcNow;

    // The base is one immutable object, swapped whole, so racing readers never mix an old timestamp with a new time.
    private DateTimeOffset MonotonicNow()
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
