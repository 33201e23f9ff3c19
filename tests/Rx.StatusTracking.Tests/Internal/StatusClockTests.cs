using System.Reactive.Concurrency;
using Rx.StatusTracking.Internal;

namespace Rx.StatusTracking.Tests.Internal;

public class StatusClockTests
{
    [Fact]
    public void Virtual_time_is_read_exactly()
    {
        var scheduler = new TestScheduler();
        var clock = new StatusClock(scheduler);

        scheduler.AdvanceTo(12_345);

        Assert.Equal(new DateTimeOffset(12_345, TimeSpan.Zero), clock.Now);
    }

    [Theory]
    [MemberData(nameof(SystemSchedulers))]
    public void The_system_schedulers_read_a_clock_that_stays_with_the_wall_clock(IScheduler scheduler, bool monotonicBase)
    {
        var clock = new StatusClock(scheduler, monotonicBase);
        var before = DateTimeOffset.UtcNow;
        var stamps = Enumerable.Range(0, 1_000).Select(_ => clock.Now).ToList();
        var after = DateTimeOffset.UtcNow;

        // The wall clock may step by a few milliseconds between its own reads; the stamps stay within that.
        var slack = TimeSpan.FromMilliseconds(50);
        Assert.All(stamps, stamp => Assert.InRange(stamp, before - slack, after + slack));
        Assert.All(stamps, stamp => Assert.Equal(TimeSpan.Zero, stamp.Offset));
        Assert.True(stamps.Zip(stamps.Skip(1)).All(pair => pair.First <= pair.Second), "non-decreasing (the wall clock was not set back meanwhile)");
    }

    // Each with both ways of reading the wall clock: directly, and as timestamp plus base (Windows' way).
    public static TheoryData<IScheduler, bool> SystemSchedulers()
    {
        var data = new TheoryData<IScheduler, bool>();
        foreach (var scheduler in new IScheduler[] { Scheduler.Default, Scheduler.Immediate, Scheduler.CurrentThread, ThreadPoolScheduler.Instance, TaskPoolScheduler.Default, NewThreadScheduler.Default })
        {
            data.Add(scheduler, false);
            data.Add(scheduler, true);
        }

        return data;
    }

    [Fact]
    public void A_scheduler_that_overrides_the_clock_is_asked_every_time()
    {
        var clock = new StatusClock(new FixedClockScheduler());

        Assert.Equal(FixedClockScheduler.Time, clock.Now);
    }

    private sealed class FixedClockScheduler : LocalScheduler
    {
        public static readonly DateTimeOffset Time = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset Now => Time;

        public override IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Scheduler.Immediate.Schedule(state, dueTime, action);
    }
}
